/** Versioned node configuration: building, delivering and acknowledging it, and the Worker API token in it. */
package io.cynodeai.controlplane.nodeconfig;

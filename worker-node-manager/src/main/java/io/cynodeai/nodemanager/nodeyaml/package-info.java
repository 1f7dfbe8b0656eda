/** The node's own YAML configuration: loading, defaults, and validation that names the key. */
package io.cynodeai.nodemanager.nodeyaml;

/** The Worker API's own certificate: from the node YAML, or made at the node's first start. */
package io.cynodeai.nodemanager.workertls;

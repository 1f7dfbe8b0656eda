/** How a node's processes reach its container engine (the Docker Engine API: Docker, or Podman's service). */
package io.cynodeai.engine;

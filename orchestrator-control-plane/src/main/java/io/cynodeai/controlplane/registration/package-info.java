/** Node registration with the pre-shared key, and capability reports of registered nodes. */
package io.cynodeai.controlplane.registration;

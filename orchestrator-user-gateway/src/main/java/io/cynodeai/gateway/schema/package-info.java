/** The gateway checks, never migrates, the schema the control plane owns. */
package io.cynodeai.gateway.schema;

/** {@code /healthz} and {@code /readyz}: alive, and ready once every {@code ReadinessCheck} is met. */
package io.cynodeai.serviceweb.health;

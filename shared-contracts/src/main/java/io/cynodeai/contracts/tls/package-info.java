/** What a pinned Worker API certificate is (its SHA-256, nodes.md §1), and a trust manager that accepts only it. */
package io.cynodeai.contracts.tls;

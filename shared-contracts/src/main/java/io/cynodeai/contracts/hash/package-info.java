/** SHA-256 as the wire and the token stores use it: {@code sha256:<hex>} hashes and digests of secrets. */
package io.cynodeai.contracts.hash;

/** The catalogue of RFC 9457 problem types every service answers with. */
package io.cynodeai.contracts.problem;

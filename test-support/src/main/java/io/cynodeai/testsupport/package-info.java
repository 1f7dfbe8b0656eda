/** A real PostgreSQL server from embedded binaries, for tests and throwaway local runs. */
package io.cynodeai.testsupport;

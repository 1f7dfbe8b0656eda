/** Step definitions of the end-to-end features: they drive the real processes over HTTP. */
package io.cynodeai.features;

/** What every request goes through: a request id, and a body limit enforced before the body is read. */
package io.cynodeai.serviceweb.http;

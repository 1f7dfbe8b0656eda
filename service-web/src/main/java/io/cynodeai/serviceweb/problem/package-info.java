/** RFC 9457 problem details for every error a service answers, from a controller, a filter or Tomcat itself. */
package io.cynodeai.serviceweb.problem;

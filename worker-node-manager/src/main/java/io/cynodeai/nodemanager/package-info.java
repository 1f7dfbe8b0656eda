/** The node manager: brings a worker node up in the specified order and keeps it current. */
package io.cynodeai.nodemanager;

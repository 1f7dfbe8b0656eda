/** What this node is and can do, collected from the machine and hashed stably. */
package io.cynodeai.nodemanager.capability;

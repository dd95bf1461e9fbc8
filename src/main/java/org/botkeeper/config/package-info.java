/** Typed configuration, validated at start-up with messages that name the property. */
package org.botkeeper.config;

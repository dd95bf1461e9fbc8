/** {@code botkeeper demo}: the main job end to end on a dev Vault and a simulated GitHub. */
package org.botkeeper.demo;

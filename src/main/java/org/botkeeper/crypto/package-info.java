/** Sealed boxes for GitHub secrets and secret holders that redact themselves and zero their bytes. */
package org.botkeeper.crypto;

/** The service's read-only web surface: the status page and the JSON status API. */
package org.botkeeper.serve.web;

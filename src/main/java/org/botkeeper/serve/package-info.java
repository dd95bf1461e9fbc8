/** Serve mode: the scheduled broker, its status model and its read-only web and JSON API. */
package org.botkeeper.serve;

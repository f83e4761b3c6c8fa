/**
 * The JSON forms of the service's messages, shared by HTTP and the broker: a body read within its limit, its
 * fields checked and turned into a command ({@link com.made.allocation.entrypoints.messages.Messages}), and the
 * bodies of the answers. A bad body is an {@link com.made.allocation.entrypoints.messages.InvalidRequest}.
 */
package com.made.allocation.entrypoints.messages;

/**
 * What can go wrong, in the terms a sender understands: a refusal caused by the command itself, a conflict
 * worth retrying, storage or broker unavailable, the bus overloaded. {@link com.made.allocation.service.failures.Failure}
 * says what each means for HTTP and for the broker.
 */
package com.made.allocation.service.failures;

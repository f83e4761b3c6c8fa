/**
 * For storage implementers only, not for the model's users: what a repository implements to hand a
 * {@link com.made.allocation.domain.Batch#restore restored batch} lines it reads from storage only when
 * asked. The batch changes them only through its product; a repository writes the changes from the
 * product's events.
 */
package com.made.allocation.domain.spi;

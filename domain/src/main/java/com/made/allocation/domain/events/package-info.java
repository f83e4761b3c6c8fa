/**
 * The messages of the allocation domain: immutable records of what happened or needs to happen.
 */
package com.made.allocation.domain.events;

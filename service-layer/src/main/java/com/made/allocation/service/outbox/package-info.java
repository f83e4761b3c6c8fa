/**
 * The outbox and inbox: the follow-on deliveries stored with the commit that caused them, their dispatcher
 * and retry policy, the ids of messages received, the form in which events are stored for publishing, and
 * the hand-over of the publications a commit stored to the relay.
 * It never sees the handlers or the bus: the dispatcher hands due deliveries to whoever it was given.
 */
package com.made.allocation.service.outbox;

/**
 * Notifications: by mail through Jakarta Mail over SMTP, or one log line each when no mail server is set.
 */
package com.made.allocation.adapters.email;

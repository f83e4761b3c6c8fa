package com.made.allocation.service.failures;

/** A message named a batch that does not exist. */
public class InvalidBatchRef extends RuntimeException implements Refusal {

    public InvalidBatchRef(String reference) {
        super("Invalid batch ref " + reference);
    }
}

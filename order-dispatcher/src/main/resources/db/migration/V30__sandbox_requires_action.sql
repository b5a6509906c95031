-- The sandbox payment provider can answer that the customer must authenticate (SCA), like a real card
-- provider: tokens starting with tok_sca record a REQUIRES_ACTION outcome.
ALTER TABLE sandbox_payment_ledger DROP CONSTRAINT sandbox_payment_ledger_outcome_check;
ALTER TABLE sandbox_payment_ledger ADD CONSTRAINT sandbox_payment_ledger_outcome_check
    CHECK (outcome IN ('CAPTURED', 'DECLINED', 'REQUIRES_ACTION'));

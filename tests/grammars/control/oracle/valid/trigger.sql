-- A BEFORE INSERT row trigger filling a key from a sequence (PL/SQL Language Reference 19c,
-- CREATE TRIGGER statement and "Triggers"), run by SQL*Plus: the block ends at the '/' line.
CREATE OR REPLACE TRIGGER orders_trg
    BEFORE INSERT ON orders
    REFERENCING NEW AS NEW
    FOR EACH ROW
BEGIN
    IF :NEW.order_id IS NULL THEN
        SELECT orders_seq.NEXTVAL INTO :NEW.order_id FROM dual;
    END IF;
END;
/

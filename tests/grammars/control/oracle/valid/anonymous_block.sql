-- An anonymous block with a declare section, SELECT INTO, IF and dynamic SQL (PL/SQL Language
-- Reference 19c, "Block" and "EXECUTE IMMEDIATE Statement"), run by SQL*Plus at its '/' line.
DECLARE
    highest NUMBER;
    next_value NUMBER;
BEGIN
    SELECT NVL(MAX(order_id), 0) INTO highest FROM orders;
    SELECT orders_seq.NEXTVAL INTO next_value FROM dual;
    IF next_value < highest THEN
        EXECUTE IMMEDIATE 'ALTER SEQUENCE orders_seq INCREMENT BY ' || TO_CHAR(highest - next_value);
    END IF;
END;
/

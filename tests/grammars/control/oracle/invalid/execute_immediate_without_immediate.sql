-- expect: no viable alternative at input 'EXECUTE 'DROP
-- EXECUTE alone is a SQL*Plus command, not PL/SQL: a block runs dynamic SQL with EXECUTE
-- IMMEDIATE (PL/SQL Language Reference 19c, "EXECUTE IMMEDIATE Statement").
BEGIN
    EXECUTE 'DROP TABLE orders';
END;
/

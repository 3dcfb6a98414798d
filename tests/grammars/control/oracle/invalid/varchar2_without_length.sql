-- expect: mismatched input ','
CREATE TABLE t (a VARCHAR2, b INTEGER)
/

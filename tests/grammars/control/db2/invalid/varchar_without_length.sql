-- expect: mismatched input ','
CREATE TABLE T (A VARCHAR, B INTEGER)
/

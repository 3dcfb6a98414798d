-- expect: mismatched input '('
CREATE TABLE T (A TIME(3))
/

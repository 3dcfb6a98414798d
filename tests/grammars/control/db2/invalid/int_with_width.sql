-- expect: mismatched input '('
CREATE TABLE T (A INT(11))
/

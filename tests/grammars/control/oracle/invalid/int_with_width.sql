-- expect: mismatched input '('
CREATE TABLE t (a INT(11))
/

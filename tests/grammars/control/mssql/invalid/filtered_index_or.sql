-- expect: mismatched input 'OR'
CREATE UNIQUE INDEX ix ON t (a) WHERE a IS NOT NULL OR b = 1;

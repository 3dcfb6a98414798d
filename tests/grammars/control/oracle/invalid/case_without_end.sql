-- expect: extraneous input ')' expecting {'ELSE', 'END', 'WHEN'}
CREATE UNIQUE INDEX promo_ix ON promotions (CASE WHEN promo_end_date > promo_begin_date THEN promo_id)
/

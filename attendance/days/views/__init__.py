"""Pages of attendance days, by page group: the month grid and certification (``grid``), check-in
(``checkin``), the county's compliance page (``compliance``), spot checks and explanations
(``spot_checks``) and the work calendar (``calendar``)."""

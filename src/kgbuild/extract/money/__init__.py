"""The money helpers beside the extractors: ``amounts`` (euro amounts and periods in a text), ``periods`` (the
years and date ranges an amount is for) and ``roles`` (what an amount is: committed, a part, earlier money, a
loan, ...) and ``restated`` (one amount said several times joined into one grant). The extractors that use
them are ``extract.grants`` and ``extract.operative``."""

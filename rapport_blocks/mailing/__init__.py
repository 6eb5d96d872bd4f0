"""The e-mail's data, which the delivery's mailing (frontend_widget/mailing/) reads.

`dispatch_log` holds the dispatch log's models (layer 2, owned by this app through `models`);
`distribution` is the rule of who receives a report (layer 3).
"""

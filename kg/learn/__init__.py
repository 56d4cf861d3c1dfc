"""A relation classifier learned from labelled sentences.

Rules read what they were written for; the classifier reads the rest. It scores
every ordered pair of mentions in a sentence with a linear model over hashed
features (the dependency path between them, the words between, their classes)
and is trained on labelled data (``kg train``): FIRE's JSON Lines and the sentences
we marked up ourselves (kg/data/training, format in kg.learn.marked). The shipped
weights live in kg/data/relation_model.npz; ``kg.extract.classifier`` uses them.
"""

"""Builds the shipped English NER (``make ner-model``): data generator, names, training."""

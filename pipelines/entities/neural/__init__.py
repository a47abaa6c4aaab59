"""A small neural character tagger (character + bigram embeddings, gazetteer flags → dilated CNN → CRF).

:mod:`.encode` turns text into the model's inputs and decodes its scores (numpy only, shared by
training and run time); :mod:`.train` trains it with torch and exports the emission network to ONNX
(the ``[train]`` extra); :mod:`.tagger` runs it with onnxruntime. See ``docs/entity-model.md``.
"""

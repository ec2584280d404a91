"""The parts of a persona description (step 4 of :mod:`personas.build`), each a small pure function.

- :mod:`personas.describe.sentences`: evidence that stands on its own (complete sentences of 6+
  words, a fragment shown with the sentence before it or left out) and need labels with their cue
  words trimmed.
- :mod:`personas.describe.needs`: a persona's goal, pain and question sentences grouped by meaning.
- :mod:`personas.describe.naming`: what members call themselves, and the persona's name.
- :mod:`personas.describe.profile`: attribute values members share, and the "who they are" lines.
- :mod:`personas.describe.distinct`: what sets a persona apart (both shares).

Nothing here imports streamlit or spaCy; everything reads the build's plain data.
"""

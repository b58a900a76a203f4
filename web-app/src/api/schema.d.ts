/**
 * Generated from the backend OpenAPI schema by `npm run gen:api`. Do not edit by hand:
 * change the backend, then regenerate. CI runs `npm run check:api` and fails when this file is stale.
 */

export interface paths {
    "/batches/{batch_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Batch */
        get: operations["get_batch_batches__batch_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{batch_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel Batch */
        post: operations["cancel_batch_batches__batch_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{batch_id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause Batch */
        post: operations["pause_batch_batches__batch_id__pause_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{batch_id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume Batch */
        post: operations["resume_batch_batches__batch_id__resume_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/director/enrich": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enrich */
        post: operations["enrich_director_enrich_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Events */
        get: operations["events_events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/generate/advanced": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Generate */
        post: operations["generate_generate_advanced_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health */
        get: operations["health_health_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List All Jobs
         * @description Every project's jobs in one queue, so a waiting job shows what it waits for.
         */
        get: operations["list_all_jobs_jobs_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{job_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Job */
        get: operations["get_job_jobs__job_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{job_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel Job
         * @description A waiting job is cancelled at once; a running one (even one still loading its model) is flagged, says so to
         *     every tab (``job.progress`` with ``cancel_requested``) and stops at its next safe point.
         */
        post: operations["cancel_job_jobs__job_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/loras": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Loras
         * @description Every LoRA file, by name; files dropped into the folder appear here on the next call.
         */
        get: operations["list_loras_loras_get"];
        put?: never;
        /**
         * Upload Lora
         * @description A ``.safetensors`` LoRA, checked by its content (not its name) and stored under a server name.
         */
        post: operations["upload_lora_loras_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/loras/{lora_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete Lora */
        delete: operations["delete_lora_loras__lora_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Models */
        get: operations["models_models_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/downloads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start Download
         * @description Start (or resume) a download of a catalogue repository; it runs beside generation, not in the job queue.
         */
        post: operations["start_download_models_downloads_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/downloads/{download_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Download */
        get: operations["get_download_models_downloads__download_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/downloads/{download_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel Download
         * @description Stop it within a chunk; what is on the disk is kept, so starting it again resumes.
         */
        post: operations["cancel_download_models_downloads__download_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models/library": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Model Library
         * @description Roles, catalogue and hub status; asks the hub at most every few minutes, with a short timeout.
         */
        get: operations["model_library_models_library_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Projects */
        get: operations["list_projects_projects_get"];
        put?: never;
        /** Create Project */
        post: operations["create_project_projects_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Project
         * @description The whole project (shots, clips, tracks, media): to follow the timeline after this, read
         *     ``GET /projects/{id}/timeline/changes``.
         */
        get: operations["get_project_projects__project_id__get"];
        put?: never;
        post?: never;
        /** Delete Project */
        delete: operations["delete_project_projects__project_id__delete"];
        options?: never;
        head?: never;
        /** Update Project */
        patch: operations["update_project_projects__project_id__patch"];
        trace?: never;
    };
    "/projects/{project_id}/{folder}/{file_path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Media */
        get: operations["media_projects__project_id___folder___file_path__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/analysis/filmstrip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Filmstrip */
        get: operations["filmstrip_projects__project_id__analysis_filmstrip_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/analysis/peaks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Peaks */
        get: operations["peaks_projects__project_id__analysis_peaks_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export Archive
         * @description The whole project (rows as JSON, media files) as one .zip, written to disk first then streamed.
         */
        get: operations["export_archive_projects__project_id__archive_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Assets */
        get: operations["list_assets_projects__project_id__assets_get"];
        put?: never;
        /** Upload Asset */
        post: operations["upload_asset_projects__project_id__assets_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/assets/{asset_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete Asset */
        delete: operations["delete_asset_projects__project_id__assets__asset_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Batches
         * @description The project's batches, newest first.
         */
        get: operations["list_batches_projects__project_id__batches_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/elements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create Element */
        post: operations["create_element_projects__project_id__elements_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/elements/{element_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete Element */
        delete: operations["delete_element_projects__project_id__elements__element_id__delete"];
        options?: never;
        head?: never;
        /** Update Element */
        patch: operations["update_element_projects__project_id__elements__element_id__patch"];
        trace?: never;
    };
    "/projects/{project_id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export Timeline
         * @description The project's timeline as a file another editor opens.
         */
        get: operations["export_timeline_projects__project_id__export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/frames": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queue Frames
         * @description Queue concept frames (job kind ``frame``, one per shot, in script order): FLUX.2 with the shot's prompt and
         *     the reference images of every ``@element`` in it. Each completed job's ``result.asset_ids`` are the candidates
         *     (assets with ``origin: "concept"``, ``source_shot_id``); pick one with ``PATCH .../shots/{id}
         *     {frame_asset_id}``: the shot's video then starts from it.
         */
        post: operations["queue_frames_projects__project_id__frames_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/generate-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Generate All */
        post: operations["generate_all_projects__project_id__generate_all_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import Timeline
         * @description Add an .otio timeline's tracks (names kept) and clips to the project, all or nothing, through the same
         *     validation as ``POST /timeline/edits``.
         */
        post: operations["import_timeline_projects__project_id__import_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Jobs */
        get: operations["list_jobs_projects__project_id__jobs_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/masks/{mask_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete Mask */
        delete: operations["delete_mask_projects__project_id__masks__mask_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/render": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Render
         * @description Queue a render (job kind ``render``): progress is the fraction of frames written (``job.progress`` with
         *     ``frame``/``frames``); ``POST /jobs/{id}/cancel`` stops it between frames and leaves no file; the completed job's
         *     ``result`` is a RenderResult (``video_url`` under ``generated/renders/``).
         */
        post: operations["render_projects__project_id__render_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/renders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Renders
         * @description Finished renders whose file is still there, newest first (a render replaced by one of the same name is
         *     listed once per job: both point at the same file).
         */
        get: operations["renders_projects__project_id__renders_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/scenes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create Scene */
        post: operations["create_scene_projects__project_id__scenes_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/scenes/{scene_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete Scene */
        delete: operations["delete_scene_projects__project_id__scenes__scene_id__delete"];
        options?: never;
        head?: never;
        /** Update Scene */
        patch: operations["update_scene_projects__project_id__scenes__scene_id__patch"];
        trace?: never;
    };
    "/projects/{project_id}/segment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment
         * @description Masks for an image of the project, by words, boxes or clicks (in the image's pixels).
         */
        post: operations["segment_projects__project_id__segment_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/shots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create Shot
         * @description Add a shot; its clip goes at the end of the main video track (announced as ``timeline.changed``).
         */
        post: operations["create_shot_projects__project_id__shots_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/shots/{shot_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Shot */
        get: operations["get_shot_projects__project_id__shots__shot_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete Shot
         * @description Delete a shot and its clips.
         */
        delete: operations["delete_shot_projects__project_id__shots__shot_id__delete"];
        options?: never;
        head?: never;
        /** Update Shot */
        patch: operations["update_shot_projects__project_id__shots__shot_id__patch"];
        trace?: never;
    };
    "/projects/{project_id}/shots/{shot_id}/frames": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Grab Frame
         * @description Save one frame of the shot's clip as an image asset, to mask and in-paint it; grabbing the same frame of the
         *     same take again answers the asset already made (no copy in the media bin).
         */
        post: operations["grab_frame_projects__project_id__shots__shot_id__frames_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/shots/{shot_id}/masks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Shot Masks */
        get: operations["shot_masks_projects__project_id__shots__shot_id__masks_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/shots/{shot_id}/quality": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Shot Quality Options
         * @description The quality presets of the shot as saved, in ``mode``: steps, passes per step, the expected seconds on this
         *     machine (from the jobs measured here; null before any) and, for one that cannot run, why.
         */
        get: operations["shot_quality_options_projects__project_id__shots__shot_id__quality_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/shots/{shot_id}/track": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Track
         * @description Follow an object (words, clicks or a box on one frame) through the shot's clip: a job; the masks are kept
         *     on the shot (``mask.created`` events, ``GET .../masks``).
         */
        post: operations["track_projects__project_id__shots__shot_id__track_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/storyboard/breakdown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Director Breakdown
         * @description The director's breakdown of the script (or of one scene, or of a free-form treatment), in the parse's shape,
         *     without saving anything; without a director model, the rule-based breakdown, saying so.
         */
        post: operations["director_breakdown_projects__project_id__storyboard_breakdown_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/storyboard/commit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Commit
         * @description Save the (adjusted) proposal in one transaction: all of it or nothing. New shots get clips at the end of the
         *     main video track (announced as ``timeline.changed``).
         */
        post: operations["commit_projects__project_id__storyboard_commit_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/storyboard/parse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Parse
         * @description Propose scenes, shots and elements from a script, without saving anything.
         */
        post: operations["parse_projects__project_id__storyboard_parse_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Timeline
         * @description Tracks and clips only (the same as in ``GET /projects/{id}``).
         */
        get: operations["get_timeline_projects__project_id__timeline_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/timeline/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Timeline Changes
         * @description What changed since event id `since`: the clips created or changed (as they are now), the ids deleted, and the
         *     tracks; `full` when the answer is the whole timeline (since 0, or older than the kept event history).
         */
        get: operations["get_timeline_changes_projects__project_id__timeline_changes_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/timeline/edits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Edit Timeline
         * @description Apply a batch of clip changes atomically: all of them, or none (409 for stale versions, 422 for a broken
         *     invariant, 404 for a track/shot/asset not in the project).
         */
        post: operations["edit_timeline_projects__project_id__timeline_edits_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/tracks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create Track */
        post: operations["create_track_projects__project_id__tracks_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/tracks/{track_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete Track
         * @description Delete a track with its clips (refused for the last track of its kind and for a locked track).
         */
        delete: operations["delete_track_projects__project_id__tracks__track_id__delete"];
        options?: never;
        head?: never;
        /** Update Track */
        patch: operations["update_track_projects__project_id__tracks__track_id__patch"];
        trace?: never;
    };
    "/projects/import-archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import Archive
         * @description A new project from an archive made by ``GET /projects/{id}/archive`` (fresh ids, media copied).
         */
        post: operations["import_archive_projects_import_archive_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/segmentation/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Segmentation Status
         * @description Always 200: whether the SAM service answers, and with which model (the editor's status light).
         */
        get: operations["segmentation_status_segmentation_status_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AssetRead */
        AssetRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Duration S */
            duration_s: number | null;
            /**
             * Has Audio
             * @description A video with a sound track (null: not known).
             */
            has_audio?: boolean | null;
            /** Height */
            height: number | null;
            /** Id */
            id: string;
            /** Job Id */
            job_id: string | null;
            /**
             * Kind
             * @enum {string}
             */
            kind: "image" | "video" | "audio";
            /** Mime Type */
            mime_type: string;
            /**
             * Origin
             * @description upload; generated (a still job); frame (grabbed from a shot's clip); mask (cut by SAM 3); concept (a storyboard concept frame of ``source_shot_id``); control (the guide clip, edges/depth/pose, that guided job ``job_id`` of shot ``source_shot_id``).
             * @enum {string}
             */
            origin: "upload" | "generated" | "frame" | "mask" | "concept" | "control";
            /** Original Name */
            original_name: string;
            /** Project Id */
            project_id: string;
            /** Size Bytes */
            size_bytes: number;
            /**
             * Source Frame
             * @description Which frame of that shot's clip, 0-based.
             */
            source_frame?: number | null;
            /**
             * Source Shot Id
             * @description For a frame grabbed from a shot (or a mask cut from one), or a shot's concept frame.
             */
            source_shot_id?: string | null;
            /** Url */
            url: string;
            /** Width */
            width: number | null;
        };
        /** BatchAccepted */
        BatchAccepted: {
            /** Batch Id */
            batch_id: string;
            /** Job Ids */
            job_ids: string[];
        };
        /** BatchRead */
        BatchRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Eta S
             * @description Seconds left, from the mean time of completed jobs of the same kind and size on this machine; null until such a job has been measured, 0 once nothing is left.
             */
            eta_s: number | null;
            /** Id */
            id: string;
            /**
             * Jobs Done
             * @description Jobs that ended (completed, failed or cancelled).
             */
            jobs_done: number;
            /** Jobs Total */
            jobs_total: number;
            /**
             * Progress
             * @description 0..1 over the batch's jobs (an ended job counts as 1).
             */
            progress: number;
            /** Project Id */
            project_id: string;
            /** Regenerate */
            regenerate: boolean;
            /** Scene Id */
            scene_id: string | null;
            /**
             * Scope
             * @enum {string}
             */
            scope: "project" | "scene";
            /** Shots */
            shots: components["schemas"]["BatchShot"][];
            /**
             * Status
             * @description paused: its waiting jobs are held (a running one finishes); once every job has ended: failed if any failed, else cancelled if any was cancelled, else completed.
             * @enum {string}
             */
            status: "running" | "paused" | "completed" | "failed" | "cancelled";
            /**
             * What
             * @enum {string}
             */
            what: "frames" | "videos" | "both";
        };
        /** BatchShot */
        BatchShot: {
            /** Job Ids */
            job_ids: string[];
            /** Label */
            label: string;
            /**
             * Note
             * @description Why a shot was skipped, or why its job failed.
             */
            note?: string | null;
            /** Progress */
            progress: number;
            /** Scene Id */
            scene_id: string | null;
            /** Shot Id */
            shot_id: string;
            /**
             * State
             * @description held: waiting in a paused batch; skipped: nothing was queued for it.
             * @enum {string}
             */
            state: "skipped" | "pending" | "held" | "running" | "completed" | "failed" | "cancelled";
        };
        /** Body_import_archive_projects_import_archive_post */
        Body_import_archive_projects_import_archive_post: {
            /** File */
            file: string;
        };
        /** Body_import_timeline_projects__project_id__import_post */
        Body_import_timeline_projects__project_id__import_post: {
            /** File */
            file: string;
        };
        /** Body_upload_asset_projects__project_id__assets_post */
        Body_upload_asset_projects__project_id__assets_post: {
            /** File */
            file: string;
            /**
             * Mask For
             * @description The image asset this upload is a mask for (white = repaint): it must be the same size, and is kept as a mask tied to that image's shot and frame.
             */
            mask_for?: string | null;
        };
        /** Body_upload_lora_loras_post */
        Body_upload_lora_loras_post: {
            /** File */
            file: string;
        };
        /**
         * BreakdownRequest
         * @description Ask the director for a breakdown of a script (or of one of its scenes, or of a free-form treatment).
         */
        BreakdownRequest: {
            /**
             * Format
             * @description Absent: detected from the text.
             */
            format?: ("fountain" | "fdx" | "text") | null;
            /**
             * Max New Tokens
             * @description The director's answer budget per scene.
             * @default 3000
             */
            max_new_tokens?: number;
            /**
             * Scene Index
             * @description Only this scene (0-based); the others keep the rule-based breakdown.
             */
            scene_index?: number | null;
            /**
             * Seed
             * @description Same seed, same breakdown. Default: the project's seed.
             */
            seed?: number | null;
            /** Text */
            text: string;
        };
        /** CatalogItem */
        CatalogItem: {
            /**
             * Approx Bytes
             * @description About this much on the disk (the hub's exact sizes are checked on start).
             */
            approx_bytes: number;
            /** @description Its latest download, if any. */
            download: components["schemas"]["DownloadRead"] | null;
            /**
             * Installed
             * @description Downloaded (or placed) and in use.
             */
            installed: boolean;
            /**
             * Kind
             * @enum {string}
             */
            kind: "model" | "lora";
            /** Memory Bytes */
            memory_bytes: number | null;
            /** Note */
            note: string;
            /** Repo Id */
            repo_id: string;
            /**
             * Target
             * @description The role it serves, or 'lora'.
             */
            target: string;
            /** Title */
            title: string;
        };
        /**
         * ClipFields
         * @description A new clip: exactly one of ``shot_id`` / ``asset_id``.
         */
        ClipFields: {
            /** Asset Id */
            asset_id?: string | null;
            /**
             * Duration
             * @description Frames at the project's fps (at least 1).
             */
            duration: number;
            /**
             * Fade In
             * @description Linear audio fade length in frames (0: none), at most the clip's duration.
             * @default 0
             */
            fade_in?: number;
            /**
             * Fade Out
             * @description Linear audio fade length in frames (0: none), at most the clip's duration.
             * @default 0
             */
            fade_out?: number;
            /**
             * Gain Db
             * @description The clip's sound level change in dB (0: as recorded).
             * @default 0
             */
            gain_db?: number;
            /**
             * Id
             * @description Chosen by the client (so an undone delete returns as the same clip); the server picks one when omitted.
             */
            id?: string | null;
            /** Shot Id */
            shot_id?: string | null;
            /**
             * Source In
             * @description Frames at the project's fps.
             * @default 0
             */
            source_in?: number;
            /**
             * Start Frame
             * @description Frames at the project's fps.
             */
            start_frame: number;
            /** Track Id */
            track_id: string;
        };
        /** ClipRead */
        ClipRead: {
            /** Asset Id */
            asset_id: string | null;
            /** Duration */
            duration: number;
            /**
             * Fade In
             * @description Linear audio fade-in in frames (render); video fades are not supported.
             * @default 0
             */
            fade_in?: number;
            /**
             * Fade Out
             * @description Linear audio fade-out in frames (render).
             * @default 0
             */
            fade_out?: number;
            /**
             * Gain Db
             * @description Sound level change in dB applied in a render (-60..+24).
             * @default 0
             */
            gain_db?: number;
            /** Has Audio */
            has_audio: boolean;
            /** Id */
            id: string;
            /** Label */
            label: string;
            /**
             * Media Url
             * @description What plays now: the shot's current take or the asset's file; null for a shot not generated yet.
             */
            media_url: string | null;
            /** Project Id */
            project_id: string;
            /** Shot Id */
            shot_id: string | null;
            /**
             * Source Frames
             * @description The source's length in project frames (the bound of source_in + duration); null for a still.
             */
            source_frames: number | null;
            /** Source In */
            source_in: number;
            /**
             * Source Kind
             * @enum {string}
             */
            source_kind: "shot" | "image" | "video" | "audio";
            /** Start Frame */
            start_frame: number;
            /** Thumbnail Url */
            thumbnail_url: string | null;
            /** Track Id */
            track_id: string;
            /** Version */
            version: number;
        };
        /** CommitResponse */
        CommitResponse: {
            /** Elements Created */
            elements_created: number;
            /** Scenes Created */
            scenes_created: number;
            /** Shots Created */
            shots_created: number;
            /** Shots Kept */
            shots_kept: number;
            /** Shots Left Alone */
            shots_left_alone: number;
            /** Shots Removed */
            shots_removed: number;
        };
        /** ConditioningItem */
        ConditioningItem: {
            /** Asset Id */
            asset_id: string;
            /**
             * Frame
             * @default 0
             */
            frame?: number;
            /**
             * Strength
             * @default 1
             */
            strength?: number;
        };
        /**
         * ControlChoice
         * @description A clip guiding a shot through the IC-LoRA: a video of the media bin (``asset_id``) or another shot's current
         *     take (``shot_id``), used as it is (``raw``: video-to-video restyle) or as its edges, depth or pose.
         */
        ControlChoice: {
            /**
             * Asset Id
             * @description A video asset of the project.
             */
            asset_id?: string | null;
            /**
             * From S
             * @description First second of the shot that is guided.
             */
            from_s?: number | null;
            /**
             * Kind
             * @description raw (restyle), canny (edges), depth, or pose.
             * @default canny
             * @enum {string}
             */
            kind?: "raw" | "canny" | "depth" | "pose";
            /**
             * Shot Id
             * @description A shot whose current take guides.
             */
            shot_id?: string | null;
            /**
             * Start S
             * @description Where in the control clip the guide starts.
             * @default 0
             */
            start_s?: number;
            /**
             * Strength
             * @description How strongly the guide is followed (0: not at all).
             * @default 1
             */
            strength?: number;
            /**
             * To S
             * @description Second of the shot where guidance stops.
             */
            to_s?: number | null;
        };
        /** CreateClip */
        CreateClip: {
            clip: components["schemas"]["ClipFields"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "create";
        };
        /** DeleteClip */
        DeleteClip: {
            /** Id */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "delete";
            /**
             * Version
             * @description The version the client last saw (optimistic concurrency).
             */
            version: number;
        };
        /**
         * DiskStatus
         * @description Free space under the data folder against what the next job needs (the oldest pending one, else a default
         *     text-to-video shot).
         */
        DiskStatus: {
            /** Folder */
            folder: string;
            /** Free Bytes */
            free_bytes: number;
            /** Low */
            low: boolean;
            /** Needed Bytes */
            needed_bytes: number;
            /** Warning */
            warning?: string | null;
        };
        /** DownloadAccepted */
        DownloadAccepted: {
            /** Download Id */
            download_id: string;
        };
        /** DownloadRead */
        DownloadRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Destination
             * @description Where the weights went, once checked and installed.
             */
            destination: string | null;
            /**
             * Done Bytes
             * @description Bytes on the disk so far (those kept from an earlier attempt included).
             */
            done_bytes: number;
            /**
             * Error
             * @description Why it failed, and what to do.
             */
            error: string | null;
            /**
             * File
             * @description The file being fetched now.
             */
            file: string | null;
            /** Id */
            id: string;
            /** Repo Id */
            repo_id: string;
            /**
             * Revision
             * @description The repository commit downloaded.
             */
            revision: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "running" | "verifying" | "completed" | "failed" | "cancelled" | "interrupted";
            /**
             * Target
             * @description The role downloaded for, or 'lora'.
             */
            target: string;
            /** Total Bytes */
            total_bytes: number;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /**
         * DownloadRequest
         * @description A repository of the catalogue, for a role's weights (``role``) or for the LoRA library (``lora: true``).
         */
        DownloadRequest: {
            /**
             * Lora
             * @description True: the repository's LoRA files go into the LoRA library.
             * @default false
             */
            lora?: boolean;
            /**
             * Repo Id
             * @description A hub repository of the catalogue: owner/name.
             */
            repo_id: string;
            /**
             * Role
             * @description The role the weights serve: video, upscaler, image …
             */
            role?: string | null;
        };
        /** ElementCreate */
        ElementCreate: {
            /**
             * Description
             * @default
             */
            description?: string;
            /**
             * Element Type
             * @default character
             * @enum {string}
             */
            element_type?: "character" | "location" | "object" | "style";
            /** Name */
            name: string;
            /** Reference Asset Ids */
            reference_asset_ids?: string[];
            /**
             * Trigger
             * @description `@Hero`; derived from the name when omitted.
             */
            trigger?: string | null;
        };
        /** ElementRead */
        ElementRead: {
            /** Description */
            description: string;
            /** Element Type */
            element_type: string;
            /** Id */
            id: string;
            /** Name */
            name: string;
            /** Project Id */
            project_id: string;
            /** Reference Asset Ids */
            reference_asset_ids: string[];
            /** Trigger */
            trigger: string;
            /** Version */
            version: number;
        };
        /** ElementUpdate */
        ElementUpdate: {
            /** Description */
            description?: string | null;
            /** Element Type */
            element_type?: ("character" | "location" | "object" | "style") | null;
            /** Name */
            name?: string | null;
            /** Reference Asset Ids */
            reference_asset_ids?: string[] | null;
            /** Trigger */
            trigger?: string | null;
            /**
             * Version
             * @description The version the client last saw (optimistic concurrency).
             */
            version: number;
        };
        /** EnrichRequest */
        EnrichRequest: {
            /**
             * Instruction
             * @description What should happen, in plain words.
             */
            instruction: string;
            /**
             * Max New Tokens
             * @default 200
             */
            max_new_tokens?: number;
            /** Project Id */
            project_id: string;
            /**
             * Seed
             * @description Same seed, same rewrite. Default: the project's seed.
             */
            seed?: number | null;
            /**
             * Shot Id
             * @description The shot being written (context).
             */
            shot_id?: string | null;
        };
        /** EnrichResponse */
        EnrichResponse: {
            /** Instruction */
            instruction: string;
            /** Message */
            message: string;
            /** Prompt */
            prompt: string;
            /** Test Model */
            test_model: boolean;
            /** Used Director */
            used_director: boolean;
        };
        /** FrameGrabRequest */
        FrameGrabRequest: {
            /**
             * Frame
             * @description 0-based frame of the shot's current clip.
             */
            frame: number;
        };
        /** FramesAccepted */
        FramesAccepted: {
            /**
             * Job Ids
             * @description One `frame` job per shot, in script order.
             */
            job_ids: string[];
            /** Shot Ids */
            shot_ids: string[];
        };
        /**
         * FramesRequest
         * @description Which shots: exactly one of ``shot_ids``, ``scene_id`` or ``all: true``. One ``frame`` job per shot makes
         *     ``candidates`` images (seeds ``seed``, ``seed + 1`` …; the shot's seed when omitted), saved as project assets
         *     with ``origin: "concept"`` and ``source_shot_id``; ``PATCH /projects/{id}/shots/{id} {frame_asset_id}`` picks
         *     one. ``auto_pick``: a shot that has no frame yet takes the first candidate.
         */
        FramesRequest: {
            /**
             * All
             * @default false
             */
            all?: boolean;
            /**
             * Auto Pick
             * @default false
             */
            auto_pick?: boolean;
            /**
             * Candidates
             * @description Images per shot (1-4).
             * @default 1
             */
            candidates?: number;
            /**
             * Num Inference Steps
             * @description FLUX.2 steps (28 when omitted).
             */
            num_inference_steps?: number | null;
            /** Scene Id */
            scene_id?: string | null;
            /** Seed */
            seed?: number | null;
            /** Shot Ids */
            shot_ids?: string[] | null;
        };
        /** GenerateAccepted */
        GenerateAccepted: {
            /** Job Id */
            job_id: string;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "running" | "completed" | "failed" | "cancelled";
        };
        /**
         * GenerateAllRequest
         * @description Queue a job for every shot of the project (or of one scene) that needs one, in script order (scene order,
         *     then shot index). A shot that already has what is asked for is skipped unless ``regenerate``; a shot being
         *     generated now is always skipped.
         */
        GenerateAllRequest: {
            /**
             * Regenerate
             * @description Also queue shots that already have a video (a new take each) or a frame (the new one replaces it).
             * @default false
             */
            regenerate?: boolean;
            /**
             * Scene Id
             * @description scope=scene: the scene.
             */
            scene_id?: string | null;
            /**
             * Scope
             * @default project
             * @enum {string}
             */
            scope?: "project" | "scene";
            /**
             * What
             * @description frames: a concept frame per shot, which becomes its storyboard frame; videos: a video per shot (from its frame if it has one); both: each shot's frame, then its video started from that frame.
             * @default videos
             * @enum {string}
             */
            what?: "frames" | "videos" | "both";
        };
        /**
         * GenerateRequest
         * @description One entry point for every generation. Omitted fields take the shot's values.
         *
         *     Modes: ``extend`` Smart Continue (``extend_seconds``, optional ``instruction``): chunked generation with latent
         *     handoff, stitched into one clip; ``t2v`` text→video+audio; ``i2v`` image→video (``image_asset_id``); ``keyframes`` the shot's conditioning
         *     timeline (``conditioning``, or the shot's saved one); ``t2i`` text→image; ``edit`` image from reference images
         *     (``reference_asset_ids``); ``inpaint`` repaint the white part of ``mask_asset_id`` in ``image_asset_id``;
         *     ``retake`` regenerate frames ``start_frame..end_frame`` of the shot's current take (picture, sound or both),
         *     keeping the rest exactly, into a new take. ``audio_asset_id`` (t2v, i2v): generate the picture to that sound.
         *     Video modes need ``shot_id``; image modes attach the still to the shot when one is given, and always add it to
         *     the project's media bin.
         */
        GenerateRequest: {
            /**
             * Audio Asset Id
             * @description t2v/i2v: an audio asset of the project to generate the picture to.
             */
            audio_asset_id?: string | null;
            /** Audio Guidance Rescale */
            audio_guidance_rescale?: number | null;
            /** Audio Guidance Scale */
            audio_guidance_scale?: number | null;
            /** Audio Modality Scale */
            audio_modality_scale?: number | null;
            /** Audio Stg Scale */
            audio_stg_scale?: number | null;
            /**
             * Camera
             * @description A camera move (video modes); omitted: the shot's.
             */
            camera?: ("static" | "dolly_in" | "dolly_out" | "dolly_left" | "dolly_right" | "jib_up" | "jib_down") | null;
            /** Conditioning */
            conditioning?: components["schemas"]["ConditioningItem"][] | null;
            /** @description t2v/i2v/keyframes: a clip that guides the shot through the IC-LoRA; omitted: the shot's. */
            control?: components["schemas"]["ControlChoice"] | null;
            /**
             * Duration From Audio
             * @description With audio_asset_id: the clip lasts as long as the sound (rounded up to 8k+1 frames).
             */
            duration_from_audio?: boolean | null;
            /**
             * Element Id
             * @description t2i/edit: attach the generated image to this element's reference images (a character sheet, a location plate) when the job completes.
             */
            element_id?: string | null;
            /**
             * End Frame
             * @description retake: last frame to regenerate (inclusive).
             */
            end_frame?: number | null;
            /**
             * Extend Result
             * @description extend: replace the shot's clip (undo: PATCH take) or add a new shot after it.
             * @default replace
             * @enum {string}
             */
            extend_result?: "replace" | "new_shot";
            /**
             * Extend Seconds
             * @description extend: seconds of new video to add.
             */
            extend_seconds?: number | null;
            /** Fps */
            fps?: number | null;
            /** Guidance Rescale */
            guidance_rescale?: number | null;
            /** Guidance Scale */
            guidance_scale?: number | null;
            /**
             * Handoff
             * @description extend: continue from the previous chunk's latents, or (baseline) its decoded frames.
             * @default latent
             * @enum {string}
             */
            handoff?: "latent" | "pixel";
            /** Height */
            height?: number | null;
            /** Image Asset Id */
            image_asset_id?: string | null;
            /**
             * Instruction
             * @description extend: what happens next, in plain words.
             */
            instruction?: string | null;
            /**
             * Lock Prompt
             * @description extend: use the shot's prompt verbatim for every chunk.
             * @default false
             */
            lock_prompt?: boolean;
            /**
             * Loras
             * @description LoRAs (GET /loras) at strengths; omitted: the shot's ([] for none).
             */
            loras?: components["schemas"]["LoraChoice"][] | null;
            /** Mask Asset Id */
            mask_asset_id?: string | null;
            /** Modality Scale */
            modality_scale?: number | null;
            /**
             * Mode
             * @default t2v
             * @enum {string}
             */
            mode?: "t2v" | "i2v" | "keyframes" | "t2i" | "edit" | "inpaint" | "extend" | "retake";
            /** Negative Prompt */
            negative_prompt?: string | null;
            /** Num Frames */
            num_frames?: number | null;
            /** Num Inference Steps */
            num_inference_steps?: number | null;
            /**
             * Overlap Seconds
             * @description extend: overlap between chunks (handoff).
             * @default 1
             */
            overlap_seconds?: number;
            /** Project Id */
            project_id: string;
            /** Prompt */
            prompt?: string | null;
            /**
             * Quality
             * @description Video modes: draft (distilled 8-step schedule, no guidance), standard (two-stage, text-to-video) or final (full recipe); omitted: the shot's, else the project's default_quality.
             */
            quality?: ("draft" | "standard" | "final") | null;
            /** Reference Asset Ids */
            reference_asset_ids?: string[] | null;
            /**
             * Regenerate Audio
             * @description retake: regenerate the sound in the range.
             * @default true
             */
            regenerate_audio?: boolean;
            /**
             * Regenerate Video
             * @description retake: regenerate the picture in the range.
             * @default true
             */
            regenerate_video?: boolean;
            /** Seed */
            seed?: number | null;
            /** Shot Id */
            shot_id?: string | null;
            /**
             * Start Frame
             * @description retake: first frame to regenerate (of the current take, 0-based).
             */
            start_frame?: number | null;
            /** Stg Blocks */
            stg_blocks?: number[] | null;
            /** Stg Scale */
            stg_scale?: number | null;
            /**
             * Strength
             * @description In-painting strength (1 = repaint fully).
             */
            strength?: number | null;
            /**
             * Upscale
             * @description Two-stage: generate at half size, upsample latents, refine (the legacy switch; quality standard is the same path, refined with the distilled weights when the studio has them).
             * @default false
             */
            upscale?: boolean;
            /** Width */
            width?: number | null;
        };
        /** Health */
        Health: {
            disk?: components["schemas"]["DiskStatus"] | null;
            /**
             * Executor
             * @default local
             */
            executor?: string;
            /** Executor Error */
            executor_error?: string | null;
            /** Message */
            message: string;
            /** Models */
            models: components["schemas"]["ModelRoleStatus"][];
            /** Status */
            status: string;
            /** Test Models */
            test_models: boolean;
            /** Version */
            version: string;
            /** Worker Alive */
            worker_alive: boolean;
            /**
             * Workers
             * @default []
             */
            workers?: components["schemas"]["WorkerStatus"][];
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][];
        };
        /** HubStatus */
        HubStatus: {
            /** Endpoint */
            endpoint: string;
            /** Error */
            error: string | null;
            /**
             * Manual Steps
             * @description How to place weights by hand when the hub cannot be reached.
             */
            manual_steps: string[];
            /** Reachable */
            reachable: boolean;
        };
        /** JobPage */
        JobPage: {
            /**
             * Items
             * @description Running first, then waiting in the order they will run, then ended.
             */
            items: components["schemas"]["QueueJob"][];
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
            /** Total */
            total: number;
        };
        /** JobRead */
        JobRead: {
            /** Batch Id */
            batch_id?: string | null;
            /**
             * Cancel Requested
             * @description Cancel was asked for: the job stops at its next safe point (after a model load, a step).
             * @default false
             */
            cancel_requested?: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Error */
            error: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Id */
            id: string;
            /** Kind */
            kind: string;
            /** Progress */
            progress: number;
            /** Project Id */
            project_id: string;
            /** Request */
            request: {
                [key: string]: unknown;
            };
            /** Result */
            result: {
                [key: string]: unknown;
            } | null;
            /** Shot Id */
            shot_id: string | null;
            /** Stage */
            stage: string | null;
            /** Started At */
            started_at: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "running" | "completed" | "failed" | "cancelled";
        };
        /**
         * LoraChoice
         * @description One LoRA of a shot or a still, at a strength (1: as trained; 0: off; negative: away from it).
         */
        LoraChoice: {
            /**
             * Id
             * @description A LoRA id from GET /loras.
             */
            id: string;
            /**
             * Strength
             * @default 1
             */
            strength?: number;
        };
        /** LoraRead */
        LoraRead: {
            /**
             * Family
             * @description The model family its layers belong to; None: neither.
             */
            family: ("ltx2" | "flux2") | null;
            /**
             * Fits
             * @description Every layer it adapts is in the configured model of its family, with the same sizes.
             */
            fits: boolean;
            /**
             * Id
             * @description Stable id: the same across restarts, and on every machine of a cluster.
             */
            id: string;
            /**
             * Layers
             * @description How many layers it adapts.
             */
            layers: number;
            /**
             * Managed
             * @description In the studio's own folder (<data>/loras): uploads land there; it may be deleted.
             */
            managed: boolean;
            /**
             * Name
             * @description The file name without .safetensors.
             */
            name: string;
            /** Rank */
            rank: number | null;
            /**
             * Reason
             * @description Why it does not fit (or what could not be checked).
             */
            reason: string | null;
            /** Size Bytes */
            size_bytes: number;
            /**
             * Trigger Words
             * @description Words its trainer recorded; put them in the prompt.
             */
            trigger_words: string[];
        };
        /** ModelLibrary */
        ModelLibrary: {
            /** Catalog */
            catalog: components["schemas"]["CatalogItem"][];
            hub: components["schemas"]["HubStatus"];
            /** Loras Dir */
            loras_dir: string;
            /** Roles */
            roles: components["schemas"]["RoleWeights"][];
            /**
             * Weights Dir
             * @description Where downloaded and hand-placed model folders go: <data>/models/<family>.
             */
            weights_dir: string;
        };
        /** ModelRoleStatus */
        ModelRoleStatus: {
            /**
             * Card Free Bytes
             * @description The card's free memory as the driver measured it for this answer (the same on every row); null without a CUDA card.
             */
            card_free_bytes?: number | null;
            /** Device */
            device: string | null;
            /** Error */
            error?: string | null;
            /** Family */
            family: string;
            /** Loaded */
            loaded: boolean;
            /** Memory Bytes */
            memory_bytes?: number | null;
            /**
             * Placement
             * @description Where the loaded weights live: resident (on the card) | streamed (host memory, brought to the card block by block) | parked (host memory between jobs) | offloaded (diffusers' model CPU offload).
             */
            placement?: string | null;
            /** Role */
            role: string;
            /** Source */
            source: string | null;
            /** State */
            state: string;
            /** Test Model */
            test_model: boolean;
            /**
             * Weight Dtype
             * @description The main weights' dtype when loaded: bf16 | fp32 | fp8.
             */
            weight_dtype?: string | null;
        };
        /** ParseRequest */
        ParseRequest: {
            /**
             * Format
             * @description Absent: detected from the text.
             */
            format?: ("fountain" | "fdx" | "text") | null;
            /** Text */
            text: string;
        };
        /** ParseResponse */
        ParseResponse: {
            /**
             * Breakdown
             * @description Who broke the script into shots: the rule-based breakdown, or the director (Gemma 3).
             * @default rules
             * @enum {string}
             */
            breakdown?: "rules" | "director";
            /** Elements */
            elements?: components["schemas"]["ProposedElement"][];
            /**
             * Format
             * @enum {string}
             */
            format: "fountain" | "fdx" | "text";
            /** Scenes */
            scenes?: components["schemas"]["ProposedScene"][];
            /**
             * Title
             * @default
             */
            title?: string;
            /** Warnings */
            warnings?: string[];
        };
        /** PeaksRead */
        PeaksRead: {
            /**
             * Duration S
             * @description Length of the audio stream in seconds.
             */
            duration_s: number;
            /**
             * Peaks
             * @description Max-abs sample per 1/per_second s slice, 0..1 (the last may be partial).
             */
            peaks: number[];
            /** Per Second */
            per_second: number;
        };
        /** ProjectCreate */
        ProjectCreate: {
            /**
             * Default Quality
             * @description The quality preset of shots that do not choose one.
             * @default final
             * @enum {string}
             */
            default_quality?: "draft" | "standard" | "final";
            /**
             * Fps
             * @description Frames per second.
             * @default 24
             */
            fps?: number;
            /**
             * Height
             * @description Pixels; a multiple of 32 between 64 and 2048.
             * @default 512
             */
            height?: number;
            /** Name */
            name: string;
            /**
             * Seed
             * @description Random seed; same seed and settings, same result.
             * @default 42
             */
            seed?: number;
            /** Settings */
            settings?: {
                [key: string]: unknown;
            };
            /**
             * Width
             * @description Pixels; a multiple of 32 between 64 and 2048.
             * @default 768
             */
            width?: number;
        };
        /**
         * ProjectState
         * @description Everything the editor needs, in one response.
         */
        ProjectState: {
            /** Assets */
            assets: components["schemas"]["AssetRead"][];
            /**
             * Clips
             * @description Timeline clips, by track and start frame.
             */
            clips?: components["schemas"]["ClipRead"][];
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Default Quality
             * @default final
             * @enum {string}
             */
            default_quality?: "draft" | "standard" | "final";
            /** Elements */
            elements: components["schemas"]["ElementRead"][];
            /** Fps */
            fps: number;
            /** Height */
            height: number;
            /** Id */
            id: string;
            /**
             * Masks
             * @description Objects tracked through shots (SAM 3).
             */
            masks?: components["schemas"]["ShotMaskRead"][];
            /** Name */
            name: string;
            /** Scenes */
            scenes: components["schemas"]["SceneRead"][];
            /** Seed */
            seed: number;
            /** Settings */
            settings: {
                [key: string]: unknown;
            };
            /**
             * Shot Count
             * @default 0
             */
            shot_count?: number;
            /** Shots */
            shots: components["schemas"]["ShotRead"][];
            /** Thumbnail Url */
            thumbnail_url?: string | null;
            /**
             * Tracks
             * @description Timeline tracks: video, then audio, by index.
             */
            tracks?: components["schemas"]["TrackRead"][];
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: number;
            /** Width */
            width: number;
        };
        /** ProjectSummary */
        ProjectSummary: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Default Quality
             * @default final
             * @enum {string}
             */
            default_quality?: "draft" | "standard" | "final";
            /** Fps */
            fps: number;
            /** Height */
            height: number;
            /** Id */
            id: string;
            /** Name */
            name: string;
            /** Seed */
            seed: number;
            /** Settings */
            settings: {
                [key: string]: unknown;
            };
            /**
             * Shot Count
             * @default 0
             */
            shot_count?: number;
            /** Thumbnail Url */
            thumbnail_url?: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: number;
            /** Width */
            width: number;
        };
        /** ProjectUpdate */
        ProjectUpdate: {
            /** Default Quality */
            default_quality?: ("draft" | "standard" | "final") | null;
            /** Fps */
            fps?: number | null;
            /** Height */
            height?: number | null;
            /** Name */
            name?: string | null;
            /** Seed */
            seed?: number | null;
            /** Settings */
            settings?: {
                [key: string]: unknown;
            } | null;
            /**
             * Version
             * @description The version the client last saw (optimistic concurrency).
             */
            version: number;
            /** Width */
            width?: number | null;
        };
        /** ProposedElement */
        ProposedElement: {
            /**
             * Description
             * @description What the script says it looks like; fills an element without one.
             * @default
             */
            description?: string;
            /** Name */
            name: string;
            /**
             * Type
             * @enum {string}
             */
            type: "character" | "location" | "object" | "style";
        };
        /** ProposedScene */
        ProposedScene: {
            /**
             * Heading
             * @default
             */
            heading?: string;
            /**
             * Location
             * @default
             */
            location?: string;
            /** Notes */
            notes?: components["schemas"]["ScriptMark"][];
            /** Shots */
            shots?: components["schemas"]["ProposedShot"][];
            /**
             * Synopsis
             * @default
             */
            synopsis?: string;
            /**
             * Time Of Day
             * @default
             */
            time_of_day?: string;
            /** Transitions */
            transitions?: components["schemas"]["ScriptMark"][];
        };
        /** ProposedShot */
        ProposedShot: {
            /** Characters */
            characters?: string[];
            /**
             * Duration S
             * @default 3
             */
            duration_s?: number;
            /** Framing */
            framing?: ("wide" | "medium" | "close-up" | "over-the-shoulder" | "two-shot" | "insert" | "point-of-view") | null;
            /**
             * Prompt
             * @description The built prompt (place, light, @Triggers, framing, action, quoted dialogue); a committed shot takes it as its prompt (empty: the text).
             * @default
             */
            prompt?: string;
            /**
             * Source
             * @description The script lines it came from, as written.
             */
            source?: string[];
            /**
             * Text
             * @description The script lines of the shot, one line per beat.
             */
            text: string;
        };
        /** QualityOption */
        QualityOption: {
            /** Available */
            available: boolean;
            /**
             * Passes Per Step
             * @description Transformer passes per full-size step (CFG counts two).
             */
            passes_per_step: number;
            /**
             * Quality
             * @enum {string}
             */
            quality: "draft" | "standard" | "final";
            /**
             * Reason
             * @description Why it cannot run now (what to change), when it cannot.
             */
            reason?: string | null;
            /**
             * Seconds
             * @description Expected seconds on this machine, from the jobs measured here; null before any.
             */
            seconds?: number | null;
            /**
             * Steps
             * @description Denoising steps it runs, stages together.
             */
            steps: number;
        };
        /** QualityOptions */
        QualityOptions: {
            /**
             * Chosen
             * @description What the shot runs now: its own preset, else the project's default.
             * @enum {string}
             */
            chosen: "draft" | "standard" | "final";
            /** Options */
            options: components["schemas"]["QualityOption"][];
            /**
             * Project Default
             * @enum {string}
             */
            project_default: "draft" | "standard" | "final";
            /** Shot Id */
            shot_id: string;
        };
        /** QueueJob */
        QueueJob: {
            /** Batch Id */
            batch_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Error */
            error: string | null;
            /** Finished At */
            finished_at: string | null;
            /**
             * Held
             * @description Waiting in a paused batch: the worker passes it over until the batch resumes.
             */
            held: boolean;
            /** Id */
            id: string;
            /** Kind */
            kind: string;
            /**
             * Position
             * @description Place in the line (1 = next to run) of a waiting job that is not held.
             */
            position: number | null;
            /** Progress */
            progress: number;
            /** Project Id */
            project_id: string;
            /** Project Name */
            project_name: string;
            /** Shot Id */
            shot_id: string | null;
            /** Shot Label */
            shot_label: string | null;
            /** Stage */
            stage: string | null;
            /** Started At */
            started_at: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "running" | "completed" | "failed" | "cancelled";
        };
        /** RenderAccepted */
        RenderAccepted: {
            /** Job Id */
            job_id: string;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "running" | "completed" | "failed" | "cancelled";
        };
        /** RenderListed */
        RenderListed: {
            /** Duration S */
            duration_s: number;
            /** Finished At */
            finished_at: string | null;
            /**
             * Format
             * @enum {string}
             */
            format: "h264" | "prores" | "dnxhr";
            /** Fps */
            fps: number;
            /** Frames */
            frames: number;
            /** Has Audio */
            has_audio: boolean;
            /** Height */
            height: number;
            /** In Frame */
            in_frame: number;
            /** Job Id */
            job_id: string;
            /**
             * Missing Clips
             * @description Clips whose source has no file yet (shown black, silent).
             */
            missing_clips: string[];
            /** Name */
            name: string;
            /** Out Frame */
            out_frame: number;
            /** Size Bytes */
            size_bytes: number;
            /** Test Model */
            test_model: boolean;
            /** Thumbnail Url */
            thumbnail_url: string | null;
            /**
             * Url
             * @description Deprecated alias of video_url (kept for one release; renders made before it have only this key).
             */
            url: string;
            /**
             * Video Url
             * @description The file (GET it with ?download=1 to save it as an attachment); the same key as every other video result.
             */
            video_url: string;
            /** Width */
            width: number;
        };
        /** RenderRange */
        RenderRange: {
            /**
             * In Frame
             * @description First timeline frame rendered.
             */
            in_frame: number;
            /**
             * Out Frame
             * @description The frame after the last one rendered (exclusive).
             */
            out_frame: number;
        };
        /** RenderRequest */
        RenderRequest: {
            /**
             * Format
             * @description h264: H.264 + AAC in MP4 (plays anywhere); prores: ProRes 422 HQ + PCM in MOV; dnxhr: DNxHR HQ + PCM in MOV (at least 256×120).
             * @default h264
             * @enum {string}
             */
            format?: "h264" | "prores" | "dnxhr";
            /**
             * Name
             * @description Default: the project's name and the time.
             */
            name?: string | null;
            /** @description Timeline frames [in_frame, out_frame); null: the whole timeline (frame 0 to the end of its last clip). */
            range?: components["schemas"]["RenderRange"] | null;
        };
        /**
         * RoleWeights
         * @description One role's weights as the library sees them.
         */
        RoleWeights: {
            /**
             * Disk Bytes
             * @description Size of its weights folder on the disk.
             */
            disk_bytes: number | null;
            /** Family */
            family: string;
            /** Loaded */
            loaded: boolean;
            /**
             * Memory Bytes
             * @description Memory it takes loaded (measured when loaded, else the estimate).
             */
            memory_bytes: number | null;
            /** Role */
            role: string;
            /** Source */
            source: string | null;
            /**
             * State
             * @description installed: real weights in a folder here; test_model: tiny random weights (noise); missing: the configured folder is not there; hub: a hub id, read from the hub's cache; disabled: turned off; external: run by its own service (SAM 3).
             * @enum {string}
             */
            state: "installed" | "test_model" | "missing" | "hub" | "disabled" | "external";
            /** Test Model */
            test_model: boolean;
        };
        /** SceneCreate */
        SceneCreate: {
            /**
             * Heading
             * @default
             */
            heading?: string;
            /**
             * Index
             * @description Position; appended at the end when omitted.
             */
            index?: number | null;
            /**
             * Location
             * @default
             */
            location?: string;
            /**
             * Synopsis
             * @default
             */
            synopsis?: string;
            /**
             * Time Of Day
             * @default
             */
            time_of_day?: string;
        };
        /** SceneRead */
        SceneRead: {
            /** Heading */
            heading: string;
            /** Id */
            id: string;
            /** Index */
            index: number;
            /** Location */
            location: string;
            /** Project Id */
            project_id: string;
            /** Synopsis */
            synopsis: string;
            /** Time Of Day */
            time_of_day: string;
            /** Version */
            version: number;
        };
        /** SceneUpdate */
        SceneUpdate: {
            /** Heading */
            heading?: string | null;
            /** Index */
            index?: number | null;
            /** Location */
            location?: string | null;
            /** Synopsis */
            synopsis?: string | null;
            /** Time Of Day */
            time_of_day?: string | null;
            /**
             * Version
             * @description The version the client last saw (optimistic concurrency).
             */
            version: number;
        };
        /**
         * ScriptMark
         * @description A note or a transition of the script, where it stands among the scene's shots.
         */
        ScriptMark: {
            /**
             * At Shot
             * @description The shot it stands before or inside; the number of shots: after the last one.
             * @default 0
             */
            at_shot?: number;
            /** Text */
            text: string;
        };
        /** SegmentationStatus */
        SegmentationStatus: {
            /** Detail */
            detail?: string | null;
            /** Device */
            device?: string | null;
            /** Model */
            model?: string | null;
            /**
             * Running
             * @description True when the SAM service answers and its model is loaded.
             */
            running: boolean;
            /**
             * Status
             * @enum {string}
             */
            status: "ok" | "loading" | "error" | "down";
            /** Test Model */
            test_model?: boolean | null;
            /** Url */
            url: string;
        };
        /** SegmentMask */
        SegmentMask: {
            /**
             * Area
             * @description Pixels in the mask.
             */
            area: number;
            /**
             * Asset Id
             * @description Set when keep_as_assets was asked for.
             */
            asset_id?: string | null;
            /**
             * Box
             * @description [x0, y0, x1, y1] in image pixels (x1, y1 exclusive).
             */
            box: number[];
            /**
             * Mask Url
             * @description PNG the size of the image: white = the object, black = the rest.
             */
            mask_url: string;
            /** Score */
            score: number;
        };
        /** SegmentRequest */
        SegmentRequest: {
            /**
             * Asset Id
             * @description The image to segment (an asset of the project).
             */
            asset_id: string;
            /** Boxes */
            boxes?: [
                number,
                number,
                number,
                number
            ][];
            /**
             * Keep As Assets
             * @description Also add each mask to the media bin (origin 'mask'), e.g. to in-paint with it directly.
             * @default false
             */
            keep_as_assets?: boolean;
            /**
             * Max Masks
             * @default 8
             */
            max_masks?: number;
            /** Points */
            points?: [
                number,
                number,
                0 | 1
            ][];
            /** Text */
            text?: string | null;
            /**
             * Threshold
             * @description Lowest score kept for text prompts.
             * @default 0.5
             */
            threshold?: number;
        };
        /** SegmentResponse */
        SegmentResponse: {
            /** Height */
            height: number;
            /** Masks */
            masks: components["schemas"]["SegmentMask"][];
            /** Model */
            model: string;
            /**
             * Test Model
             * @description True when SAM 3 runs with tiny random weights: the masks are noise.
             */
            test_model: boolean;
            /** Width */
            width: number;
        };
        /** ShotCreate */
        ShotCreate: {
            /**
             * Audio Asset Id
             * @description t2v/i2v: an audio asset of the project to generate the picture to.
             */
            audio_asset_id?: string | null;
            /** Audio Guidance Rescale */
            audio_guidance_rescale?: number | null;
            /** Audio Guidance Scale */
            audio_guidance_scale?: number | null;
            /** Audio Modality Scale */
            audio_modality_scale?: number | null;
            /** Audio Stg Scale */
            audio_stg_scale?: number | null;
            /**
             * Camera
             * @description A camera move: applies its camera-control LoRA from the library.
             */
            camera?: ("static" | "dolly_in" | "dolly_out" | "dolly_left" | "dolly_right" | "jib_up" | "jib_down") | null;
            /** @description A clip that guides the shot (IC-LoRA control video). */
            control?: components["schemas"]["ControlChoice"] | null;
            /**
             * Duration From Audio
             * @description With audio_asset_id: the clip lasts as long as the sound (rounded up to 8k+1 frames).
             */
            duration_from_audio?: boolean | null;
            /** Fps */
            fps?: number | null;
            /** Guidance Rescale */
            guidance_rescale?: number | null;
            /**
             * Guidance Scale
             * @description Classifier-free guidance scale.
             * @default 4
             */
            guidance_scale?: number;
            /** Height */
            height?: number | null;
            /**
             * Index
             * @description Position; appended at the end when omitted.
             */
            index?: number | null;
            /**
             * Loras
             * @description LoRAs of the shot (GET /loras).
             */
            loras?: components["schemas"]["LoraChoice"][];
            /** Modality Scale */
            modality_scale?: number | null;
            /**
             * Negative Prompt
             * @default
             */
            negative_prompt?: string;
            /** Num Frames */
            num_frames?: number | null;
            /**
             * Num Inference Steps
             * @description Denoising steps.
             * @default 40
             */
            num_inference_steps?: number;
            /**
             * Prompt
             * @default
             */
            prompt?: string;
            /**
             * Quality
             * @description Quality preset; null: the project's default_quality.
             */
            quality?: ("draft" | "standard" | "final") | null;
            /** Scene Id */
            scene_id?: string | null;
            /** Seed */
            seed?: number | null;
            /** Stg Blocks */
            stg_blocks?: number[] | null;
            /** Stg Scale */
            stg_scale?: number | null;
            /** Width */
            width?: number | null;
        };
        /** ShotMaskRead */
        ShotMaskRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Data Url
             * @description NPZ: 'masks' = np.packbits of a (frames, height, width) bool array, axis=-1.
             */
            data_url: string;
            /** Frames With Object */
            frames_with_object: number;
            /** Height */
            height: number;
            /** Id */
            id: string;
            /** Job Id */
            job_id: string | null;
            /** Label */
            label: string;
            /** Num Frames */
            num_frames: number;
            /** Object Id */
            object_id: number;
            /**
             * Preview Url
             * @description MP4 of the clip with the mask tinted over it.
             */
            preview_url: string;
            /** Project Id */
            project_id: string;
            /** Prompt */
            prompt: {
                [key: string]: unknown;
            };
            /** Shot Id */
            shot_id: string;
            /** Thumbnail Url */
            thumbnail_url: string | null;
            /**
             * Video Url
             * @description The clip the masks were cut from; a later take of the shot makes them stale.
             */
            video_url: string;
            /** Width */
            width: number;
        };
        /** ShotRead */
        ShotRead: {
            /** Audio Asset Id */
            audio_asset_id?: string | null;
            /** Audio Guidance Rescale */
            audio_guidance_rescale?: number | null;
            /** Audio Guidance Scale */
            audio_guidance_scale?: number | null;
            /** Audio Modality Scale */
            audio_modality_scale?: number | null;
            /** Audio Stg Scale */
            audio_stg_scale?: number | null;
            /** Camera */
            camera?: ("static" | "dolly_in" | "dolly_out" | "dolly_left" | "dolly_right" | "jib_up" | "jib_down") | null;
            /**
             * Clip Frames
             * @description Frames of the clip the shot plays now (longer after an extension).
             */
            clip_frames?: number | null;
            /** Conditioning */
            conditioning: {
                [key: string]: unknown;
            }[];
            control?: components["schemas"]["ControlChoice"] | null;
            /**
             * Duration From Audio
             * @default false
             */
            duration_from_audio?: boolean;
            /** Fps */
            fps: number;
            /**
             * Frame Asset Id
             * @description The storyboard frame: the first frame of the shot's video.
             */
            frame_asset_id?: string | null;
            /** Guidance Rescale */
            guidance_rescale?: number | null;
            /** Guidance Scale */
            guidance_scale: number;
            /** Height */
            height: number;
            /** Id */
            id: string;
            /** Image Url */
            image_url: string | null;
            /** Index */
            index: number;
            /** Last Job Id */
            last_job_id: string | null;
            /**
             * Loras
             * @description LoRAs of the shot; each take records its own.
             */
            loras?: components["schemas"]["LoraChoice"][];
            /** Modality Scale */
            modality_scale?: number | null;
            /** Negative Prompt */
            negative_prompt: string;
            /** Num Frames */
            num_frames: number;
            /** Num Inference Steps */
            num_inference_steps: number;
            /** Params */
            params: {
                [key: string]: unknown;
            };
            /**
             * Pin Element Refs
             * @description Elements' references pinned at frame 0 instead of the frame.
             * @default false
             */
            pin_element_refs?: boolean;
            /** Project Id */
            project_id: string;
            /** Prompt */
            prompt: string;
            /**
             * Quality
             * @description The shot's preset; null: the project's default_quality.
             */
            quality?: ("draft" | "standard" | "final") | null;
            /** Scene Id */
            scene_id: string | null;
            /** Seed */
            seed: number;
            /**
             * Status
             * @enum {string}
             */
            status: "draft" | "queued" | "generating" | "ready" | "failed";
            /** Stg Blocks */
            stg_blocks?: number[] | null;
            /** Stg Scale */
            stg_scale?: number | null;
            /** Thumbnail Url */
            thumbnail_url: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: number;
            /** Video Url */
            video_url: string | null;
            /** Width */
            width: number;
        };
        /** ShotUpdate */
        ShotUpdate: {
            /**
             * Audio Asset Id
             * @description t2v/i2v: an audio asset of the project to generate the picture to.
             */
            audio_asset_id?: string | null;
            /** Audio Guidance Rescale */
            audio_guidance_rescale?: number | null;
            /** Audio Guidance Scale */
            audio_guidance_scale?: number | null;
            /** Audio Modality Scale */
            audio_modality_scale?: number | null;
            /** Audio Stg Scale */
            audio_stg_scale?: number | null;
            /**
             * Camera
             * @description A camera move (null: none).
             */
            camera?: ("static" | "dolly_in" | "dolly_out" | "dolly_left" | "dolly_right" | "jib_up" | "jib_down") | null;
            /** Conditioning */
            conditioning?: components["schemas"]["ConditioningItem"][] | null;
            /** @description A clip that guides the shot (null: none). */
            control?: components["schemas"]["ControlChoice"] | null;
            /**
             * Duration From Audio
             * @description With audio_asset_id: the clip lasts as long as the sound (rounded up to 8k+1 frames).
             */
            duration_from_audio?: boolean | null;
            /** Fps */
            fps?: number | null;
            /**
             * Frame Asset Id
             * @description The shot's storyboard frame: an image asset of the project (a concept frame candidate or an upload); its video starts from it (image-to-video). null clears it.
             */
            frame_asset_id?: string | null;
            /** Guidance Rescale */
            guidance_rescale?: number | null;
            /** Guidance Scale */
            guidance_scale?: number | null;
            /** Height */
            height?: number | null;
            /** Index */
            index?: number | null;
            /**
             * Loras
             * @description LoRAs of the shot ([] clears them).
             */
            loras?: components["schemas"]["LoraChoice"][] | null;
            /** Modality Scale */
            modality_scale?: number | null;
            /** Negative Prompt */
            negative_prompt?: string | null;
            /** Num Frames */
            num_frames?: number | null;
            /** Num Inference Steps */
            num_inference_steps?: number | null;
            /** Params */
            params?: {
                [key: string]: unknown;
            } | null;
            /**
             * Pin Element Refs
             * @description Pin the first reference image of the shot's elements at frame 0 of its video (the behaviour before storyboard frames) instead of starting from the storyboard frame.
             */
            pin_element_refs?: boolean | null;
            /** Prompt */
            prompt?: string | null;
            /**
             * Quality
             * @description Quality preset (null: the project's default_quality).
             */
            quality?: ("draft" | "standard" | "final") | null;
            /** Scene Id */
            scene_id?: string | null;
            /** Seed */
            seed?: number | null;
            /** Stg Blocks */
            stg_blocks?: number[] | null;
            /** Stg Scale */
            stg_scale?: number | null;
            /**
             * Take
             * @description Make this take (the job id in params.takes) the shot's current clip.
             */
            take?: string | null;
            /**
             * Version
             * @description The version the client last saw (optimistic concurrency).
             */
            version: number;
            /** Width */
            width?: number | null;
        };
        /**
         * Storyboard
         * @description The contract of parse's answer and commit's body.
         */
        Storyboard: {
            /**
             * Breakdown
             * @description Who broke the script into shots: the rule-based breakdown, or the director (Gemma 3).
             * @default rules
             * @enum {string}
             */
            breakdown?: "rules" | "director";
            /** Elements */
            elements?: components["schemas"]["ProposedElement"][];
            /** Scenes */
            scenes?: components["schemas"]["ProposedScene"][];
        };
        /**
         * TimelineChanges
         * @description What changed on the timeline since an event id (``GET /projects/{id}/timeline/changes?since=N``).
         */
        TimelineChanges: {
            /**
             * Clips
             * @description Clips created or changed since (every clip when ``full``), as now.
             */
            clips: components["schemas"]["ClipRead"][];
            /**
             * Cursor
             * @description Ask again with ``since`` = this: the last event id this answer covers.
             */
            cursor: number;
            /**
             * Deleted
             * @description Clips deleted since (ids; empty when ``full``).
             */
            deleted: string[];
            /**
             * Full
             * @description True: ``clips`` is the whole timeline (``since`` was 0, or older than the kept event history): replace, do not merge.
             */
            full: boolean;
            /**
             * Project Version
             * @description The project's version: when it changed (fps), reload the project.
             */
            project_version: number;
            /**
             * Since
             * @description The event id asked for.
             */
            since: number;
            /**
             * Tracks
             * @description All the project's tracks (a few rows, always sent whole).
             */
            tracks: components["schemas"]["TrackRead"][];
        };
        /** TimelineEditResult */
        TimelineEditResult: {
            /**
             * Clips
             * @description Every clip created or updated by the batch, as it is now.
             */
            clips: components["schemas"]["ClipRead"][];
            /** Deleted */
            deleted: string[];
            /**
             * Tracks
             * @description The project's tracks.
             */
            tracks: components["schemas"]["TrackRead"][];
        };
        /**
         * TimelineEdits
         * @description One atomic batch: every change applies, or none does.
         */
        TimelineEdits: {
            /** Changes */
            changes: (components["schemas"]["CreateClip"] | components["schemas"]["UpdateClip"] | components["schemas"]["DeleteClip"])[];
        };
        /** TimelineImportResult */
        TimelineImportResult: {
            /**
             * Clips
             * @description The clips the import created, track by track.
             */
            clips: components["schemas"]["ClipRead"][];
            /**
             * Tracks
             * @description The tracks the import created (one per imported track, names kept).
             */
            tracks: components["schemas"]["TrackRead"][];
        };
        /** TimelineState */
        TimelineState: {
            /** Clips */
            clips: components["schemas"]["ClipRead"][];
            /** Tracks */
            tracks: components["schemas"]["TrackRead"][];
        };
        /** TrackCreate */
        TrackCreate: {
            /**
             * Id
             * @description Chosen by the client (so an undone delete returns as the same track, and its clips with it); the server picks one when omitted. An id already used, by any project, is a 409.
             */
            id?: string | null;
            /**
             * Index
             * @description Position among its kind; the end (top/bottom) when omitted.
             */
            index?: number | null;
            /**
             * Kind
             * @enum {string}
             */
            kind: "video" | "audio";
            /**
             * Name
             * @description Default: the next free V<n> / A<n>.
             */
            name?: string | null;
        };
        /** TrackRead */
        TrackRead: {
            /** Id */
            id: string;
            /**
             * Index
             * @description Order within its kind: video tracks stack upward, audio tracks list downward.
             */
            index: number;
            /**
             * Kind
             * @enum {string}
             */
            kind: "video" | "audio";
            /** Locked */
            locked: boolean;
            /** Muted */
            muted: boolean;
            /** Name */
            name: string;
            /** Project Id */
            project_id: string;
            /** Solo */
            solo: boolean;
            /** Version */
            version: number;
        };
        /** TrackRequest */
        TrackRequest: {
            /** Boxes */
            boxes?: [
                number,
                number,
                number,
                number
            ][];
            /**
             * Frame
             * @description The frame the prompt refers to (0-based).
             * @default 0
             */
            frame?: number;
            /** Points */
            points?: [
                number,
                number,
                0 | 1
            ][];
            /** Text */
            text?: string | null;
        };
        /** TrackUpdate */
        TrackUpdate: {
            /** Index */
            index?: number | null;
            /** Locked */
            locked?: boolean | null;
            /** Muted */
            muted?: boolean | null;
            /** Name */
            name?: string | null;
            /** Solo */
            solo?: boolean | null;
            /**
             * Version
             * @description The version the client last saw (optimistic concurrency).
             */
            version: number;
        };
        /** UpdateClip */
        UpdateClip: {
            /** Duration */
            duration?: number | null;
            /**
             * Fade In
             * @description At most the clip's duration. A trim that makes the clip shorter than a fade it does not set shortens that fade to the new duration.
             */
            fade_in?: number | null;
            /** Fade Out */
            fade_out?: number | null;
            /** Gain Db */
            gain_db?: number | null;
            /** Id */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "update";
            /** Source In */
            source_in?: number | null;
            /** Start Frame */
            start_frame?: number | null;
            /** Track Id */
            track_id?: string | null;
            /**
             * Version
             * @description The version the client last saw (optimistic concurrency).
             */
            version: number;
        };
        /** ValidationError */
        ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
        /**
         * WorkerStatus
         * @description One worker that runs jobs: the in-process one (``MILIMO_EXECUTOR=local``) or a Ray actor per GPU / CPU slot.
         */
        WorkerStatus: {
            /** Error */
            error?: string | null;
            /** Gpu */
            gpu: string | null;
            /** Id */
            id: string;
            /** Job Id */
            job_id: string | null;
            /**
             * Kind
             * @default gpu
             */
            kind?: string;
            /** Models */
            models: string[];
            /** Node */
            node: string;
            /** Pid */
            pid?: number | null;
            /**
             * State
             * @default ready
             */
            state?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    get_batch_batches__batch_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                batch_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    cancel_batch_batches__batch_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                batch_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    pause_batch_batches__batch_id__pause_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                batch_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchRead"];
                };
            };
            /** @description Ended */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    resume_batch_batches__batch_id__resume_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                batch_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchRead"];
                };
            };
            /** @description Cancelled */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    enrich_director_enrich_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnrichRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnrichResponse"];
                };
            };
            /** @description Unknown project or shot */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description GPU busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    events_events_get: {
        parameters: {
            query?: {
                /** @description Only this project's events. */
                project_id?: string | null;
                /** @description Same as Last-Event-ID, for clients that cannot set headers. */
                since?: number | null;
            };
            header?: {
                /** @description Replay everything after this id (set by EventSource). */
                "last-event-id"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An SSE stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description MILIMO_MAX_SSE_CLIENTS clients are connected already */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    generate_generate_advanced_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GenerateRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenerateAccepted"];
                };
            };
            /** @description Unknown project or shot */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Shot already generating */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The project already has MILIMO_MAX_PENDING_JOBS jobs waiting */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    health_health_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    list_all_jobs_jobs_get: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Only this project's jobs. */
                project_id?: string | null;
                /** @description Only jobs in these states (repeat the parameter). */
                status?: ("pending" | "running" | "completed" | "failed" | "cancelled")[] | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobPage"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_job_jobs__job_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    cancel_job_jobs__job_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_loras_loras_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoraRead"][];
                };
            };
        };
    };
    upload_lora_loras_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_upload_lora_loras_post"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoraRead"];
                };
            };
            /** @description Too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not a LoRA of LTX-2 or FLUX.2 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    delete_lora_loras__lora_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                lora_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not ours */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    models_models_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelRoleStatus"][];
                };
            };
        };
    };
    start_download_models_downloads_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DownloadRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DownloadAccepted"];
                };
            };
            /** @description A download for the same target is running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not in the catalogue, or not a role */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The hub cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not enough free disk */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    get_download_models_downloads__download_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                download_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DownloadRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    cancel_download_models_downloads__download_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                download_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DownloadRead"];
                };
            };
            /** @description Done */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    model_library_models_library_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelLibrary"];
                };
            };
        };
    };
    list_projects_projects_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectSummary"][];
                };
            };
        };
    };
    create_project_projects_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProjectCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectState"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_project_projects__project_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectState"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_project_projects__project_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_project_projects__project_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProjectUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectState"];
                };
            };
            /** @description Stale version */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    media_projects__project_id___folder___file_path__get: {
        parameters: {
            query?: {
                /** @description Send as an attachment (the browser saves it rather than plays it). */
                download?: boolean;
            };
            header?: never;
            path: {
                file_path: string;
                folder: "generated" | "thumbnails" | "assets" | "workspace";
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    filmstrip_projects__project_id__analysis_filmstrip_get: {
        parameters: {
            query: {
                /** @description Frames, evenly spaced over the clip. */
                count?: number;
                /** @description Pixels; the width follows the aspect ratio. */
                height?: number;
                /** @description A project media path, as in its URL: `generated/abc.mp4`. */
                path: string;
            };
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description count frames side by side, each height px high */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": unknown;
                };
            };
            /** @description No such file in the project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No video / no audio stream */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    peaks_projects__project_id__analysis_peaks_get: {
        parameters: {
            query: {
                /** @description A project media path, as in its URL: `generated/abc.mp4`. */
                path: string;
                /** @description Peaks per second of audio. */
                per_second?: number;
            };
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PeaksRead"];
                };
            };
            /** @description No such file in the project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No video / no audio stream */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    export_archive_projects__project_id__archive_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The project as a .zip */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_assets_projects__project_id__assets_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssetRead"][];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    upload_asset_projects__project_id__assets_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_upload_asset_projects__project_id__assets_post"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssetRead"];
                };
            };
            /** @description Too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not an image, video or audio file */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_asset_projects__project_id__assets__asset_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset_id: string;
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_batches_projects__project_id__batches_get: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchRead"][];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    create_element_projects__project_id__elements_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ElementCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ElementRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_element_projects__project_id__elements__element_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                element_id: string;
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_element_projects__project_id__elements__element_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                element_id: string;
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ElementUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ElementRead"];
                };
            };
            /** @description Stale version */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    export_timeline_projects__project_id__export_get: {
        parameters: {
            query?: {
                /** @description otio: every track; edl: CMX 3600, the lowest video track with clips only (the X-Milimo-Export-Note header says what was left out); fcpxml: Final Cut Pro 7 XML (xmeml), every track */
                format?: "otio" | "edl" | "fcpxml";
            };
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The timeline file (attachment) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.opentimelineio+json": unknown;
                    "application/xml": unknown;
                    "text/plain": unknown;
                };
            };
            /** @description The format cannot represent this timeline (e.g. no clips) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    queue_frames_projects__project_id__frames_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FramesRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FramesAccepted"];
                };
            };
            /** @description A shot or scene that is not in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No shots named, a shot without a prompt or with an unknown @element */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The jobs would exceed MILIMO_MAX_PENDING_JOBS waiting in this project */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    generate_all_projects__project_id__generate_all_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GenerateAllRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchAccepted"];
                };
            };
            /** @description Unknown project or scene */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Nothing to generate, or a shot that cannot be generated (named) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    import_timeline_projects__project_id__import_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_import_timeline_projects__project_id__import_post"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimelineImportResult"];
                };
            };
            /** @description File too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not an .otio timeline, or clips whose media is not in the project (`missing` lists each) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    list_jobs_projects__project_id__jobs_get: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobRead"][];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_mask_projects__project_id__masks__mask_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mask_id: string;
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    render_projects__project_id__render_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RenderRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderAccepted"];
                };
            };
            /** @description Empty timeline, a range outside it, or a format this build or size cannot write */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The project already has MILIMO_MAX_PENDING_JOBS jobs waiting */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    renders_projects__project_id__renders_get: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderListed"][];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    create_scene_projects__project_id__scenes_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SceneCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SceneRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_scene_projects__project_id__scenes__scene_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
                scene_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_scene_projects__project_id__scenes__scene_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
                scene_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SceneUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SceneRead"];
                };
            };
            /** @description Stale version */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    segment_projects__project_id__segment_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SegmentRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The SAM service is not running (start it with ./run_sam.sh) or not ready */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    create_shot_projects__project_id__shots_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ShotCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShotRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_shot_projects__project_id__shots__shot_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
                shot_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShotRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_shot_projects__project_id__shots__shot_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
                shot_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_shot_projects__project_id__shots__shot_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
                shot_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ShotUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShotRead"];
                };
            };
            /** @description Stale version */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    grab_frame_projects__project_id__shots__shot_id__frames_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
                shot_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FrameGrabRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssetRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    shot_masks_projects__project_id__shots__shot_id__masks_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
                shot_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShotMaskRead"][];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    shot_quality_options_projects__project_id__shots__shot_id__quality_get: {
        parameters: {
            query?: {
                mode?: "t2v" | "i2v" | "keyframes";
            };
            header?: never;
            path: {
                project_id: string;
                shot_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QualityOptions"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    track_projects__project_id__shots__shot_id__track_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
                shot_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TrackRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenerateAccepted"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description The project already has MILIMO_MAX_PENDING_JOBS jobs waiting */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The SAM service is not running (start it with ./run_sam.sh) or not ready */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    director_breakdown_projects__project_id__storyboard_breakdown_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BreakdownRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParseResponse"];
                };
            };
            /** @description Unreadable script, or the director's answers did not keep the script (nothing saved) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The GPU is busy with a job */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    commit_projects__project_id__storyboard_commit_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Storyboard"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommitResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    parse_projects__project_id__storyboard_parse_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ParseRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParseResponse"];
                };
            };
            /** @description Unreadable script */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    get_timeline_projects__project_id__timeline_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimelineState"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_timeline_changes_projects__project_id__timeline_changes_get: {
        parameters: {
            query?: {
                /** @description The `cursor` of the last answer (0: everything). */
                since?: number;
            };
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimelineChanges"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    edit_timeline_projects__project_id__timeline_edits_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TimelineEdits"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimelineEditResult"];
                };
            };
            /** @description Stale version: `conflicts` lists each clip as it is now (null: deleted) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A broken invariant (overlap, locked track, wrong kind, source bounds) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    create_track_projects__project_id__tracks_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TrackCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrackRead"];
                };
            };
            /** @description The chosen `id` is taken: `conflicts` lists it (current: the track, or null when another project's) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_track_projects__project_id__tracks__track_id__delete: {
        parameters: {
            query: {
                version: number;
            };
            header?: never;
            path: {
                project_id: string;
                track_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Stale version */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Last of its kind, or locked */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    update_track_projects__project_id__tracks__track_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
                track_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TrackUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrackRead"];
                };
            };
            /** @description Stale version */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    import_archive_projects_import_archive_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_import_archive_projects_import_archive_post"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectSummary"];
                };
            };
            /** @description Too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not a Milimo archive, a newer format, or an unsafe entry */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    segmentation_status_segmentation_status_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentationStatus"];
                };
            };
        };
    };
}

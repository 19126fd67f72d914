import { app, desktopCapturer, session, type WebFrameMain } from 'electron';

/**
 * Before the app is ready: the Chromium features that give getDisplayMedia the system's sound on macOS 13+
 * (ScreenCaptureKit) and Linux (PulseAudio); Windows has it built in.
 */
export function enableLoopbackFeatures(): void {
  app.commandLine.appendSwitch('enable-features', 'MacLoopbackAudioForScreenShare,MacSckSystemAudioLoopbackOverride,PulseaudioLoopbackForScreenShare');
}

/**
 * Answers the app page's getDisplayMedia (the `page:system` device) with the primary screen and its audio loopback:
 * the softphone's sound with no loopback driver. The page drops the video track at once. Any other frame gets nothing.
 */
export function grantLoopbackToAppPage(isAppPage: (frame: WebFrameMain) => boolean): void {
  session.defaultSession.setDisplayMediaRequestHandler((request, callback) => {
    if (!request.frame || !isAppPage(request.frame)) return callback({});
    void desktopCapturer.getSources({ types: ['screen'] }).then(
      ([screen]) => callback(screen ? { video: screen, audio: 'loopback' } : {}),
      () => callback({}),
    );
  });
}

/* "Nghe bài viết": reads the article aloud with the device's Vietnamese voice (Web Speech API),
 * or plays the server's recording when the page offers one (core/speech_audio.py).
 * The text comes from /api/speech/<id>/ (core/speech.py: numbers, dates and abbreviations
 * written out as an announcer reads them), fetched only when the reader presses the button.
 * Without JavaScript the controls stay hidden. */
(function () {
  "use strict";

  var NO_VOICE =
    "Thiết bị của bạn chưa có giọng đọc tiếng Việt. " +
    "Trên Android: vào Cài đặt › Hệ thống › Ngôn ngữ › Chuyển văn bản thành lời nói, chọn " +
    "“Dịch vụ lời nói của Google”, tải dữ liệu giọng nói Tiếng Việt. " +
    "Trên iPhone, iPad: vào Cài đặt › Trợ năng › Nội dung được đọc › Giọng nói, chọn Tiếng Việt " +
    "và tải giọng Linh. Sau đó tải lại trang này.";
  var NO_SPEECH = "Trình duyệt này không đọc được văn bản thành tiếng. Hãy thử Chrome, Safari hoặc Cốc Cốc mới nhất.";
  var FAILED = "Không tải được nội dung để đọc. Vui lòng kiểm tra kết nối và thử lại.";
  var VOICE_WAIT_MS = 1500; // voices load asynchronously in Chrome

  function vietnameseVoice(voices) {
    var found = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (lang === "vi" || lang.indexOf("vi-") === 0) {
        if (lang === "vi-vn" && voices[i].localService) return voices[i]; // offline first
        found = found || voices[i];
      }
    }
    return found;
  }

  function waitForVoices(synth) {
    return new Promise(function (resolve) {
      var voices = synth.getVoices();
      if (voices.length) return resolve(voices);
      var done = false;
      function finish() {
        if (done) return;
        done = true;
        resolve(synth.getVoices());
      }
      if (synth.addEventListener) synth.addEventListener("voiceschanged", finish, { once: true });
      setTimeout(finish, VOICE_WAIT_MS);
    });
  }

  function setup(root) {
    var play = root.querySelector("[data-listen-play]");
    var pause = root.querySelector("[data-listen-pause]");
    var resume = root.querySelector("[data-listen-resume]");
    var stop = root.querySelector("[data-listen-stop]");
    var status = root.querySelector("[data-listen-status]");
    var audio = root.querySelector("[data-listen-audio]");
    var synth = window.speechSynthesis;
    var text = null; // the server's answer, fetched once
    var queue = [];
    var position = 0;
    var speaking = false;
    var audioStopped = false; // "Dừng" on the recording: its pause event is not a "Tạm dừng"

    function show(state) {
      // state: "idle" | "playing" | "paused"
      play.hidden = state !== "idle";
      pause.hidden = state !== "playing";
      resume.hidden = state !== "paused";
      stop.hidden = state === "idle";
    }

    function say(message) {
      status.textContent = message;
    }

    function load() {
      if (text) return Promise.resolve(text);
      return fetch(root.getAttribute("data-speech-url"), { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          text = data;
          return data;
        });
    }

    // --- the server's recording --------------------------------------------------------
    function useAudio(url) {
      if (!audio) {
        audio = document.createElement("audio");
        audio.className = "listen__audio";
        audio.controls = true;
        audio.preload = "none";
        audio.src = url;
        root.insertBefore(audio, status);
      }
      audio.addEventListener("play", function () { show("playing"); say(""); });
      audio.addEventListener("pause", function () {
        if (audioStopped) audioStopped = false;
        else if (!audio.ended) show("paused");
      });
      audio.addEventListener("ended", function () { show("idle"); });
    }

    // --- the device's voice --------------------------------------------------------------
    function speakNext(voice) {
      if (!speaking) return;
      if (position >= queue.length) {
        speaking = false;
        show("idle");
        say("Đã đọc xong bài viết.");
        return;
      }
      var utterance = new SpeechSynthesisUtterance(queue[position]);
      utterance.lang = text.lang || "vi-VN";
      try {
        utterance.voice = voice;
      } catch (error) {
        // Only a real SpeechSynthesisVoice is accepted; `lang` still picks a Vietnamese voice.
      }
      utterance.onend = function () {
        position += 1;
        speakNext(voice);
      };
      utterance.onerror = function (event) {
        if (event.error === "interrupted" || event.error === "canceled") return; // "Dừng"
        position += 1;
        speakNext(voice);
      };
      say("Đang đọc đoạn " + (position + 1) + "/" + queue.length + ".");
      synth.speak(utterance);
    }

    function startSpeaking() {
      say("Đang chuẩn bị…");
      Promise.all([load(), waitForVoices(synth)])
        .then(function (results) {
          var data = results[0];
          var voice = vietnameseVoice(results[1]);
          if (!voice) {
            if (data.audio && data.audio.url) {
              // No voice on the device, but the server has a recording: play that.
              useAudio(data.audio.url);
              audio.play();
              return;
            }
            say(NO_VOICE);
            return;
          }
          synth.cancel();
          queue = data.paragraphs || [];
          position = 0;
          speaking = true;
          show("playing");
          speakNext(voice);
        })
        .catch(function () {
          show("idle");
          say(FAILED);
        });
    }

    play.addEventListener("click", function () {
      if (audio) {
        audio.play();
      } else if (!synth || typeof window.SpeechSynthesisUtterance === "undefined") {
        load()
          .then(function (data) {
            if (data.audio && data.audio.url) {
              useAudio(data.audio.url);
              audio.play();
            } else {
              say(NO_SPEECH);
            }
          })
          .catch(function () { say(FAILED); });
      } else {
        startSpeaking();
      }
    });
    pause.addEventListener("click", function () {
      if (audio) return audio.pause();
      synth.pause();
      show("paused");
      say("Đã tạm dừng.");
    });
    resume.addEventListener("click", function () {
      if (audio) return audio.play();
      synth.resume();
      show("playing");
      say("Đang đọc đoạn " + (position + 1) + "/" + queue.length + ".");
    });
    stop.addEventListener("click", function () {
      if (audio) {
        audioStopped = !audio.paused;
        audio.pause();
        audio.currentTime = 0;
      } else {
        speaking = false;
        synth.cancel();
        say("");
      }
      show("idle");
    });
    if (audio) useAudio(audio.src);
    // Leaving the page stops the voice (Chrome keeps speaking otherwise).
    window.addEventListener("pagehide", function () {
      if (synth && speaking) synth.cancel();
    });
    root.hidden = false;
  }

  var roots = document.querySelectorAll("[data-listen]");
  for (var i = 0; i < roots.length; i++) setup(roots[i]);
})();

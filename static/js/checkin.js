// The cadre's check-in page: locate the phone, then post the position (templates/attendance/checkin_form.html).
document.getElementById("locate").addEventListener("click", function () {
  var s = document.getElementById("geo-status"), button = this;
  if (!navigator.geolocation) { s.textContent = "此浏览器不支持定位"; return; }
  if (button.disabled) { return; }  // a second tap while locating; the server also ignores a repeat
  button.disabled = true;
  s.textContent = "正在定位…";
  navigator.geolocation.getCurrentPosition(function (p) {
    document.getElementById("lat").value = p.coords.latitude.toFixed(6);
    document.getElementById("lon").value = p.coords.longitude.toFixed(6);
    document.getElementById("acc").value = Math.max(1, Math.round(p.coords.accuracy));
    document.getElementById("checkin-form").submit();
  }, function (err) {
    var why = {1: "未允许获取位置。请在浏览器或手机设置中允许本网站使用定位后重试。",
               2: "暂时无法确定位置。请到室外或打开手机定位服务后重试。",
               3: "定位超时。请稍后重试。"}[err.code] || "请允许浏览器获取位置后重试。";
    s.textContent = "定位失败：" + why;
    button.disabled = false;
  }, {enableHighAccuracy: true, timeout: 20000});
});

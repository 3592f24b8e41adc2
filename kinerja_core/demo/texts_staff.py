"""SKP texts of staff (pelaksana and fungsional) by job, and the phrases raters write."""

from __future__ import annotations

from kinerja_core.demo.texts import KUALITAS, WAKTU, Rhk, iki, rhk
from kinerja_core.domain.enums import BehaviorValue

# Keyed by the job name without its jenjang ("Perawat", not "Perawat Ahli Pertama").
STAFF: dict[str, tuple[Rhk, ...]] = {
    "Pengadministrasi Perkantoran": (
        rhk(
            "Terkelolanya administrasi persuratan dan kearsipan {unit}",
            iki("Jumlah surat masuk dan keluar yang diagendakan di SRIKANDI", 1500, "surat"),
            iki("Persentase surat yang didistribusikan pada hari yang sama", 95, "%", WAKTU),
            aksi=("Mengagendakan dan mendistribusikan surat masuk", "Menata arsip surat keluar"),
        ),
        rhk(
            "Tersedianya dukungan administrasi kegiatan {unit}",
            iki("Jumlah kegiatan yang didukung administrasinya", 36, "kegiatan"),
            aksi=("Menyiapkan undangan dan daftar hadir rapat", "Menyusun notulen rapat"),
        ),
    ),
    "Penata Layanan Operasional": (
        rhk(
            "Terlaksananya layanan operasional {unit} sesuai standar pelayanan",
            iki("Jumlah layanan yang diselesaikan", 900, "dokumen"),
            iki("Persentase layanan yang selesai sesuai standar waktu", 90, "%", WAKTU),
            aksi=(
                "Memverifikasi kelengkapan berkas permohonan layanan",
                "Memproses permohonan layanan masuk",
            ),
        ),
        rhk(
            "Tersusunnya laporan pelaksanaan layanan {unit}",
            iki("Jumlah laporan layanan yang disusun", 12, "laporan"),
            aksi=("Merekap data layanan bulan berjalan",),
        ),
    ),
    "Pengolah Data dan Informasi": (
        rhk(
            "Tersedianya data {unit} yang mutakhir dan valid",
            iki("Jumlah dataset yang dimutakhirkan", 24, "dokumen"),
            iki("Persentase data yang lolos validasi", 95, "%", KUALITAS),
            aksi=("Memutakhirkan basis data", "Memvalidasi data kiriman unit kerja"),
        ),
    ),
    "Operator Layanan Operasional": (
        rhk(
            "Terlaksananya dukungan operasional lapangan {unit}",
            iki("Jumlah kegiatan operasional lapangan yang dilaksanakan", 240, "kegiatan"),
            iki("Persentase tugas lapangan yang selesai tepat waktu", 90, "%", WAKTU),
            aksi=(
                "Melaksanakan tugas operasional lapangan sesuai jadwal",
                "Melaporkan hasil tugas lapangan",
            ),
        ),
    ),
    "Analis Sumber Daya Manusia Aparatur": (
        rhk(
            "Tersusunnya analisis kebutuhan dan kinerja ASN",
            iki("Jumlah dokumen analisis SDM aparatur yang disusun", 6, "dokumen"),
            iki("Persentase rekomendasi analisis yang diterima pimpinan", 80, "%", KUALITAS),
            aksi=(
                "Mengolah data kinerja pegawai dari e-Kinerja",
                "Menyusun analisis kebutuhan pengembangan kompetensi",
            ),
        ),
        rhk(
            "Terlaksananya layanan penilaian kinerja ASN",
            iki("Jumlah SKP pegawai yang diverifikasi", 600, "dokumen"),
            iki("Persentase SKP yang diverifikasi dalam 3 hari kerja", 90, "%", WAKTU),
            aksi=(
                "Memverifikasi SKP dan penilaian kinerja pegawai",
                "Mendampingi operator e-Kinerja perangkat daerah",
            ),
        ),
    ),
    "Pranata Sumber Daya Manusia Aparatur": (
        rhk(
            "Terlaksananya administrasi kepegawaian",
            iki("Jumlah usulan kenaikan pangkat dan berkala yang diproses", 400, "dokumen"),
            iki("Persentase usulan yang diproses tepat waktu", 100, "%", WAKTU),
            aksi=("Memproses usulan kenaikan pangkat", "Memutakhirkan data pegawai di SIASN"),
        ),
    ),
    "Pranata Komputer": (
        rhk(
            "Tersedianya layanan sistem informasi yang andal",
            iki("Persentase waktu layanan aplikasi aktif (uptime)", 99, "%", KUALITAS),
            iki("Jumlah permintaan dukungan teknis yang diselesaikan", 240, "kegiatan"),
            aksi=(
                "Memantau ketersediaan server dan aplikasi",
                "Menangani permintaan dukungan teknis pengguna",
            ),
        ),
        rhk(
            "Terbangunnya fitur aplikasi sesuai kebutuhan pengguna",
            iki("Jumlah modul aplikasi yang dikembangkan atau diperbarui", 6, "aplikasi"),
            aksi=(
                "Menganalisis kebutuhan pengguna aplikasi",
                "Menguji modul aplikasi sebelum rilis",
            ),
        ),
    ),
    "Analis Keuangan Pusat dan Daerah": (
        rhk(
            "Tersusunnya analisis dan laporan keuangan {unit}",
            iki("Jumlah laporan keuangan yang disusun", 14, "laporan"),
            iki("Persentase SPJ yang diverifikasi tanpa koreksi", 90, "%", KUALITAS),
            aksi=("Memverifikasi SPJ belanja", "Menyusun laporan realisasi anggaran bulanan"),
        ),
    ),
    "Perencana": (
        rhk(
            "Tersusunnya dokumen perencanaan yang selaras dengan RPJMD",
            iki("Jumlah dokumen perencanaan yang disusun", 4, "dokumen"),
            iki("Persentase program yang selaras dengan sasaran RPJMD", 100, "%", KUALITAS),
            aksi=(
                "Mengompilasi usulan program perangkat daerah",
                "Menyusun rancangan dokumen perencanaan",
            ),
        ),
        rhk(
            "Tersusunnya laporan evaluasi capaian kinerja",
            iki("Jumlah laporan evaluasi yang disusun", 4, "laporan"),
            aksi=(
                "Mengumpulkan data capaian indikator kinerja",
                "Menganalisis capaian kinerja triwulan",
            ),
        ),
    ),
    "Arsiparis": (
        rhk(
            "Terkelolanya arsip dinamis {unit}",
            iki("Jumlah berkas arsip yang ditata dan dideskripsikan", 600, "dokumen"),
            iki("Persentase arsip yang dapat ditemukan kembali dalam 5 menit", 95, "%", WAKTU),
            aksi=("Memilah dan mendeskripsikan arsip", "Menata arsip inaktif di record center"),
        ),
    ),
    "Pengelola Pengadaan Barang/Jasa": (
        rhk(
            "Terlaksananya pengadaan barang/jasa yang akuntabel",
            iki("Jumlah paket pengadaan yang diproses", 40, "paket"),
            iki("Persentase paket yang selesai sesuai jadwal", 90, "%", WAKTU),
            aksi=("Menyusun dokumen pemilihan penyedia", "Melaksanakan evaluasi penawaran"),
        ),
    ),
    "Epidemiolog Kesehatan": (
        rhk(
            "Terlaksananya surveilans penyakit potensial KLB",
            iki("Persentase laporan mingguan EWARS yang dianalisis", 100, "%"),
            iki("Jumlah penyelidikan epidemiologi yang dilaksanakan", 24, "kegiatan"),
            aksi=(
                "Menganalisis laporan mingguan EWARS",
                "Melakukan penyelidikan epidemiologi kasus",
            ),
        ),
        rhk(
            "Tersedianya data imunisasi per kelurahan yang akurat",
            iki("Jumlah laporan cakupan imunisasi yang disusun", 12, "laporan"),
            aksi=(
                "Merekap cakupan imunisasi dari puskesmas",
                "Memetakan kelurahan dengan cakupan rendah",
            ),
        ),
    ),
    "Administrator Kesehatan": (
        rhk(
            "Terkelolanya program kesehatan {unit}",
            iki("Jumlah dokumen pengelolaan program yang disusun", 6, "dokumen"),
            iki("Persentase kegiatan program yang terlaksana", 100, "%"),
            aksi=("Menyusun rencana kegiatan program", "Memantau pelaksanaan program di puskesmas"),
        ),
    ),
    "Nutrisionis": (
        rhk(
            "Terlaksananya pemantauan status gizi balita",
            iki("Jumlah balita yang dipantau status gizinya", 1500, "orang"),
            iki("Persentase balita gizi kurang yang mendapat PMT", 100, "%"),
            aksi=("Melaksanakan pemantauan pertumbuhan di posyandu", "Memberikan konseling gizi"),
        ),
    ),
    "Penyuluh Kesehatan Masyarakat": (
        rhk(
            "Terlaksananya penyuluhan kesehatan masyarakat",
            iki("Jumlah kegiatan penyuluhan yang dilaksanakan", 48, "kegiatan"),
            iki("Jumlah peserta penyuluhan", 1200, "orang"),
            aksi=("Melaksanakan penyuluhan di posyandu dan sekolah", "Menyusun materi penyuluhan"),
        ),
    ),
    "Sanitarian": (
        rhk(
            "Terlaksananya inspeksi kesehatan lingkungan",
            iki("Jumlah tempat pengelolaan pangan yang diinspeksi", 120, "lokasi"),
            iki("Jumlah sampel air minum yang diperiksa", 60, "sampel"),
            aksi=("Melaksanakan inspeksi TPP", "Mengambil sampel air minum"),
        ),
    ),
    "Apoteker": (
        rhk(
            "Terlaksananya pelayanan kefarmasian sesuai standar",
            iki("Jumlah resep yang dilayani", 12000, "dokumen"),
            iki("Persentase kesesuaian peresepan dengan formularium", 95, "%", KUALITAS),
            aksi=("Melayani dan mengkaji resep", "Melakukan stock opname obat"),
        ),
    ),
    "Asisten Apoteker": (
        rhk(
            "Terkelolanya obat dan bahan medis habis pakai",
            iki("Jumlah resep yang disiapkan", 9000, "dokumen"),
            iki("Persentase obat tanpa kekosongan stok", 95, "%"),
            aksi=("Menyiapkan obat sesuai resep", "Mencatat kartu stok obat"),
        ),
    ),
    "Dokter": (
        rhk(
            "Terlaksananya pelayanan medis sesuai standar profesi",
            iki("Jumlah pasien yang dilayani", 4000, "pasien"),
            iki("Persentase rekam medis yang diisi lengkap", 100, "%", KUALITAS),
            aksi=(
                "Melaksanakan pemeriksaan dan pengobatan pasien",
                "Melaksanakan rujukan sesuai indikasi medis",
            ),
        ),
        rhk(
            "Terlaksananya upaya kesehatan masyarakat",
            iki("Jumlah kegiatan pelayanan luar gedung", 24, "kegiatan"),
            aksi=("Melaksanakan pelayanan di posyandu lansia",),
        ),
    ),
    "Dokter Gigi": (
        rhk(
            "Terlaksananya pelayanan kesehatan gigi dan mulut",
            iki("Jumlah pasien yang dilayani", 2400, "pasien"),
            iki("Jumlah murid SD yang diperiksa melalui UKGS", 600, "orang"),
            aksi=("Melaksanakan pelayanan poli gigi", "Melaksanakan pemeriksaan gigi di sekolah"),
        ),
    ),
    "Perawat": (
        rhk(
            "Terlaksananya asuhan keperawatan pada pasien",
            iki("Jumlah pasien yang mendapat asuhan keperawatan", 1200, "pasien"),
            iki("Persentase dokumentasi asuhan keperawatan yang lengkap", 100, "%", KUALITAS),
            aksi=(
                "Melaksanakan pengkajian dan asuhan keperawatan",
                "Mendokumentasikan asuhan keperawatan",
            ),
        ),
        rhk(
            "Terlaksananya perawatan kesehatan masyarakat",
            iki("Jumlah kunjungan rumah keluarga rawan", 96, "kali"),
            aksi=("Melaksanakan kunjungan rumah pasien TBC dan lansia",),
        ),
    ),
    "Bidan": (
        rhk(
            "Terlaksananya pelayanan kebidanan ibu hamil, bersalin dan nifas",
            iki("Jumlah ibu hamil yang mendapat pelayanan antenatal", 400, "orang"),
            iki("Persentase ibu nifas yang mendapat kunjungan lengkap", 100, "%"),
            aksi=("Melaksanakan pemeriksaan kehamilan", "Melaksanakan kunjungan nifas"),
        ),
        rhk(
            "Terlaksananya pelayanan keluarga berencana",
            iki("Jumlah akseptor KB yang dilayani", 300, "orang"),
            aksi=("Melaksanakan pelayanan KB",),
        ),
    ),
    "Pranata Laboratorium Kesehatan": (
        rhk(
            "Terlaksananya pemeriksaan laboratorium sesuai standar",
            iki("Jumlah sampel yang diperiksa", 6000, "sampel"),
            iki("Persentase hasil pemeriksaan yang keluar tepat waktu", 95, "%", WAKTU),
            aksi=("Melaksanakan pemeriksaan sampel", "Melaksanakan pemantapan mutu internal"),
        ),
    ),
    "Perekam Medis": (
        rhk(
            "Terkelolanya rekam medis pasien",
            iki("Jumlah berkas rekam medis yang dikode", 8000, "dokumen"),
            iki("Persentase kelengkapan rekam medis", 100, "%", KUALITAS),
            aksi=("Mengode diagnosis sesuai ICD-10", "Menganalisis kelengkapan rekam medis"),
        ),
    ),
    "Radiografer": (
        rhk(
            "Terlaksananya pelayanan radiologi",
            iki("Jumlah pemeriksaan radiologi", 3000, "pasien"),
            iki("Persentase foto ulang", 2, "%", KUALITAS, lower=True),
            aksi=("Melaksanakan pemeriksaan radiologi", "Memelihara peralatan radiologi"),
        ),
    ),
    "Fisioterapis": (
        rhk(
            "Terlaksananya pelayanan fisioterapi",
            iki("Jumlah pasien yang mendapat fisioterapi", 1500, "pasien"),
            aksi=("Melaksanakan tindakan fisioterapi",),
        ),
    ),
    "Penata Anestesi": (
        rhk(
            "Terlaksananya pelayanan anestesi yang aman",
            iki("Jumlah tindakan anestesi", 800, "pasien"),
            iki("Persentase kepatuhan asesmen pra-anestesi", 100, "%", KUALITAS),
            aksi=("Melaksanakan asesmen pra-anestesi", "Mendampingi tindakan anestesi"),
        ),
    ),
    "Guru": (
        rhk(
            "Terlaksananya pembelajaran yang berpusat pada peserta didik",
            iki("Jumlah modul ajar yang disusun", 12, "dokumen"),
            iki(
                "Persentase peserta didik yang mencapai kriteria ketercapaian tujuan pembelajaran",
                85,
                "%",
                KUALITAS,
            ),
            aksi=("Menyusun modul ajar", "Melaksanakan pembelajaran dan asesmen formatif"),
        ),
        rhk(
            "Terlaksananya penilaian hasil belajar peserta didik",
            iki("Jumlah laporan hasil belajar yang disusun", 2, "laporan"),
            iki("Rapor diserahkan sesuai kalender pendidikan", 2, "dokumen", WAKTU),
            aksi=("Mengolah nilai asesmen sumatif", "Menyusun deskripsi capaian rapor"),
        ),
        rhk(
            "Meningkatnya kompetensi pedagogik melalui Platform Merdeka Mengajar",
            iki("Jumlah pelatihan mandiri yang diselesaikan", 4, "kegiatan"),
            aksi=(
                "Mengikuti pelatihan mandiri di PMM",
                "Berbagi praktik baik di komunitas belajar",
            ),
        ),
    ),
    "Pustakawan": (
        rhk(
            "Terlaksananya layanan perpustakaan sekolah",
            iki("Jumlah kunjungan peserta didik ke perpustakaan", 3000, "orang"),
            aksi=("Melayani peminjaman buku", "Melaksanakan program gerakan literasi sekolah"),
        ),
    ),
    "Pranata Laboratorium Pendidikan": (
        rhk(
            "Tersedianya laboratorium sekolah yang siap pakai",
            iki("Jumlah praktikum yang didukung", 80, "kegiatan"),
            aksi=("Menyiapkan alat dan bahan praktikum",),
        ),
    ),
    "Pengawas Sekolah": (
        rhk(
            "Terlaksananya pendampingan satuan pendidikan binaan",
            iki("Jumlah satuan pendidikan binaan yang didampingi", 12, "sekolah"),
            iki("Persentase sekolah binaan dengan rapor pendidikan membaik", 60, "%", KUALITAS),
            aksi=(
                "Melaksanakan supervisi manajerial kepala sekolah",
                "Mendampingi perencanaan berbasis data",
            ),
        ),
    ),
    "Penilik": (
        rhk(
            "Terlaksananya pembinaan satuan PAUD dan pendidikan nonformal",
            iki("Jumlah lembaga PAUD yang dibina", 20, "unit"),
            aksi=("Melaksanakan kunjungan pembinaan lembaga PAUD",),
        ),
    ),
    "Analis Kebijakan": (
        rhk(
            "Tersusunnya rekomendasi kebijakan {unit}",
            iki("Jumlah policy brief yang disusun", 4, "dokumen"),
            iki("Persentase rekomendasi yang ditindaklanjuti pimpinan", 75, "%", KUALITAS),
            aksi=("Mengumpulkan dan menganalisis data kebijakan", "Menyusun policy brief"),
        ),
    ),
    "Widyaiswara": (
        rhk(
            "Terlaksananya pembelajaran pengembangan kompetensi ASN",
            iki("Jumlah jam pelajaran yang diampu", 240, "kegiatan"),
            iki("Nilai evaluasi pengajar oleh peserta", 85, "nilai", KUALITAS),
            aksi=("Menyusun bahan ajar pelatihan", "Mengajar pada pelatihan teknis"),
        ),
    ),
    "Peneliti": (
        rhk(
            "Tersusunnya kajian riset dan inovasi daerah",
            iki("Jumlah kajian yang diselesaikan", 3, "dokumen"),
            aksi=("Mengumpulkan data lapangan kajian", "Menyusun laporan kajian"),
        ),
    ),
    "Statistisi": (
        rhk(
            "Tersedianya data statistik sektoral yang berkualitas",
            iki("Jumlah dataset statistik sektoral yang dipublikasikan", 30, "dokumen"),
            iki("Persentase dataset yang memenuhi prinsip Satu Data Indonesia", 90, "%", KUALITAS),
            aksi=(
                "Memvalidasi data sektoral perangkat daerah",
                "Memublikasikan dataset di portal Satu Data",
            ),
        ),
    ),
    "Pranata Hubungan Masyarakat": (
        rhk(
            "Tersebarnya informasi kebijakan dan kegiatan pemerintah kota",
            iki("Jumlah berita dan konten media sosial yang dipublikasikan", 360, "berita"),
            iki("Persentase konten yang terbit pada hari kegiatan", 90, "%", WAKTU),
            aksi=("Meliput kegiatan pimpinan", "Menyusun rilis berita dan konten media sosial"),
        ),
    ),
    "Sandiman": (
        rhk(
            "Terjaminnya keamanan informasi dan persandian",
            iki("Jumlah pemeriksaan keamanan aplikasi", 12, "kegiatan"),
            iki("Persentase insiden keamanan yang ditangani dalam 24 jam", 100, "%", WAKTU),
            aksi=(
                "Melaksanakan pemindaian kerentanan aplikasi",
                "Mengelola sertifikat elektronik pejabat",
            ),
        ),
    ),
    "Penguji Kendaraan Bermotor": (
        rhk(
            "Terlaksananya pengujian berkala kendaraan bermotor",
            iki("Jumlah kendaraan yang diuji", 3000, "kendaraan"),
            iki("Persentase hasil uji yang terinput di BLUe-SPIONAM", 100, "%", KUALITAS),
            aksi=("Melaksanakan uji berkala kendaraan", "Menerbitkan kartu uji elektronik"),
        ),
    ),
    "Pengendali Dampak Lingkungan": (
        rhk(
            "Terlaksananya pengawasan dokumen dan izin lingkungan",
            iki("Jumlah dokumen lingkungan yang dinilai", 40, "dokumen"),
            iki("Persentase penilaian dokumen yang selesai sesuai standar waktu", 90, "%", WAKTU),
            aksi=("Menilai dokumen UKL-UPL", "Melaksanakan verifikasi lapangan"),
        ),
    ),
    "Pengawas Lingkungan Hidup": (
        rhk(
            "Terlaksananya pengawasan ketaatan usaha terhadap izin lingkungan",
            iki("Jumlah usaha/kegiatan yang diawasi", 36, "unit"),
            iki("Persentase pengaduan lingkungan yang diverifikasi", 100, "%"),
            aksi=("Melaksanakan pengawasan lapangan", "Memverifikasi pengaduan pencemaran"),
        ),
    ),
    "Teknik Jalan dan Jembatan": (
        rhk(
            "Terlaksananya pengawasan pekerjaan jalan dan jembatan",
            iki("Jumlah paket pekerjaan yang diawasi", 8, "paket"),
            iki("Persentase pekerjaan yang selesai tepat mutu", 95, "%", KUALITAS),
            aksi=(
                "Melaksanakan pengawasan lapangan pekerjaan jalan",
                "Menyusun laporan kemajuan pekerjaan",
            ),
        ),
    ),
    "Teknik Pengairan": (
        rhk(
            "Terlaksananya normalisasi parit dan saluran drainase",
            iki("Panjang saluran yang dinormalisasi", 5000, "meter"),
            aksi=("Mengawasi pengerukan parit", "Mengukur elevasi saluran"),
        ),
    ),
    "Teknik Tata Bangunan dan Perumahan": (
        rhk(
            "Terlaksananya pemeriksaan dokumen teknis bangunan gedung",
            iki("Jumlah dokumen PBG yang diperiksa", 300, "dokumen"),
            iki("Persentase pemeriksaan yang selesai sesuai standar waktu", 90, "%", WAKTU),
            aksi=("Memeriksa gambar teknis PBG", "Melaksanakan inspeksi bangunan"),
        ),
    ),
    "Penata Ruang": (
        rhk(
            "Terlaksananya pengendalian pemanfaatan ruang",
            iki("Jumlah KKPR yang dinilai", 150, "dokumen"),
            aksi=("Menilai kesesuaian kegiatan pemanfaatan ruang",),
        ),
    ),
    "Polisi Pamong Praja": (
        rhk(
            "Terlaksananya patroli ketenteraman dan ketertiban umum",
            iki("Jumlah patroli yang dilaksanakan", 144, "kegiatan"),
            iki("Persentase pelanggaran Perda yang ditindaklanjuti", 90, "%"),
            aksi=(
                "Melaksanakan patroli wilayah",
                "Menertibkan pedagang kaki lima dan reklame liar",
            ),
        ),
        rhk(
            "Terlaksananya pengamanan kegiatan pemerintah kota",
            iki("Jumlah kegiatan yang diamankan", 48, "kegiatan"),
            aksi=("Mengamankan kegiatan pimpinan dan aset daerah",),
        ),
    ),
    "Analis Hukum": (
        rhk(
            "Tersusunnya analisis dan pertimbangan hukum",
            iki("Jumlah telaahan hukum yang disusun", 24, "dokumen"),
            aksi=("Menyusun telaahan hukum", "Memberikan pendampingan hukum perangkat daerah"),
        ),
    ),
    "Perancang Peraturan Perundang-undangan": (
        rhk(
            "Tersusunnya rancangan produk hukum daerah",
            iki("Jumlah rancangan Perda dan Perwa yang diharmonisasi", 20, "dokumen"),
            aksi=("Mengharmonisasi rancangan Peraturan Wali Kota",),
        ),
    ),
}

# A staff RHK TAMBAHAN: work outside the job description, no parent RHK needed.
TAMBAHAN: tuple[Rhk, ...] = (
    rhk(
        "Menjadi anggota tim penyusun Laporan Kinerja Instansi",
        iki("Jumlah bahan LKjIP yang disusun", 1, "dokumen"),
    ),
    rhk(
        "Menjadi panitia peringatan Hari Jadi Kota Pontianak",
        iki("Jumlah kegiatan kepanitiaan yang dilaksanakan", 3, "kegiatan"),
    ),
    rhk(
        "Menjadi pengelola website dan media sosial unit kerja",
        iki("Jumlah konten yang dipublikasikan", 48, "berita"),
    ),
    rhk(
        "Menjadi agen perubahan reformasi birokrasi",
        iki("Jumlah inovasi perbaikan layanan yang diusulkan", 2, "dokumen"),
    ),
    rhk(
        "Menjadi operator e-Kinerja unit kerja",
        iki("Persentase pegawai unit yang melaporkan realisasi tepat waktu", 95, "%", WAKTU),
    ),
)

GENERIC_STAFF = rhk(
    "Terlaksananya tugas teknis {unit} sesuai standar operasional",
    iki("Jumlah tugas teknis yang diselesaikan", 120, "kegiatan"),
    iki("Persentase tugas yang diselesaikan tepat waktu", 90, "%", WAKTU),
    aksi=(
        "Melaksanakan tugas teknis sesuai disposisi atasan",
        "Melaporkan hasil pelaksanaan tugas",
    ),
)

RETURN_NOTES = (
    "Target IKI pada RHK kedua belum terukur; cantumkan angka target tahunan dan satuannya.",
    "RHK utama belum menginduk pada RHK atasan yang tepat; sesuaikan dengan Perjanjian Kinerja "
    "bidang.",
    "Tambahkan IKI aspek kualitas atau waktu untuk RHK layanan.",
    "Target terlalu rendah dibanding realisasi tahun lalu; mohon ditinjau kembali.",
)
REALIZATION_FEEDBACK = (
    "Realisasi sudah sesuai target, pertahankan.",
    "Mohon lengkapi bukti dukung berupa laporan kegiatan dan foto.",
    "Capaian bulan ini di bawah target; koordinasikan kendala di lapangan dengan saya.",
    "Bagus, capaian melebihi target. Bagikan caranya di rapat staf.",
    "Angka realisasi belum sesuai dengan data di aplikasi; mohon dicek ulang.",
)
WORK_RESULT_FEEDBACK = (
    "Fokuskan rencana aksi pada kelurahan dengan capaian terendah.",
    "RHK ini prioritas bidang tahun ini; laporkan kemajuannya setiap minggu.",
    "Libatkan lintas program agar target tercapai.",
)
BEHAVIOR_FEEDBACK: dict[BehaviorValue, str] = {
    BehaviorValue.BERORIENTASI_PELAYANAN: "Respons kepada warga sudah cepat dan ramah.",
    BehaviorValue.AKUNTABEL: "Laporan kegiatan sering terlambat; kirim paling lambat tanggal 5.",
    BehaviorValue.KOMPETEN: "Ikuti pelatihan teknis yang ditawarkan BKPSDM triwulan ini.",
    BehaviorValue.HARMONIS: "Terima kasih sudah membantu rekan yang sedang cuti.",
    BehaviorValue.LOYAL: "Jaga kerahasiaan data pribadi warga dalam setiap layanan.",
    BehaviorValue.ADAPTIF: "Sudah baik memakai aplikasi baru; bantu rekan yang belum terbiasa.",
    BehaviorValue.KOLABORATIF: "Tingkatkan koordinasi dengan unit lain sebelum kegiatan lapangan.",
}
EXPECTATIONS: dict[BehaviorValue, tuple[str, ...]] = {
    BehaviorValue.BERORIENTASI_PELAYANAN: (
        "Merespons permintaan layanan paling lambat 1x24 jam.",
        "Melayani warga dengan ramah dan solutif.",
    ),
    BehaviorValue.AKUNTABEL: (
        "Menyampaikan laporan kegiatan tepat waktu dan sesuai fakta.",
        "Mempertanggungjawabkan penggunaan anggaran dengan tertib.",
    ),
    BehaviorValue.KOMPETEN: (
        "Mengikuti minimal 20 JP pengembangan kompetensi tahun ini.",
        "Menguasai aplikasi kerja yang digunakan unit.",
    ),
    BehaviorValue.HARMONIS: ("Menjaga suasana kerja yang saling menghargai di unit.",),
    BehaviorValue.LOYAL: ("Menjaga kerahasiaan data dan nama baik instansi.",),
    BehaviorValue.ADAPTIF: (
        "Menggunakan SRIKANDI dan e-Kinerja dalam pekerjaan sehari-hari.",
        "Terbuka terhadap perubahan prosedur kerja.",
    ),
    BehaviorValue.KOLABORATIF: (
        "Berkoordinasi aktif dengan lintas program dan lintas sektor.",
        "Berbagi data dan informasi dengan unit lain tanpa diminta.",
    ),
}
EVALUATION_NOTES = {
    "SANGAT_BAIK": "Capaian melampaui target dengan kualitas kerja yang konsisten.",
    "BUTUH_PERBAIKAN": "Beberapa target belum tercapai; perlu pendampingan dan rencana perbaikan.",
    "KURANG": "Hasil kerja memenuhi target, tetapi perilaku kerja perlu pembinaan.",
    "SANGAT_KURANG": "Hasil kerja dan perilaku di bawah ekspektasi; dijadwalkan pembinaan.",
}
APPEAL_REASONS = (
    "Realisasi bulan ini terkendala cuti sakit yang sudah disetujui; mohon penilaian hasil kerja "
    "ditinjau kembali dengan mempertimbangkan bukti dukung terlampir.",
    "Sebagian target tidak tercapai karena alat pendukung rusak, bukan karena kelalaian saya; "
    "berita acara kerusakan sudah saya unggah.",
)
APPEAL_DECISION_NOTE = (
    "Setelah memeriksa bukti dukung, hasil kerja dinilai sesuai ekspektasi; penilaian diubah."
)
NARRATIVE_REALIZATIONS = (
    "Seluruh pekerjaan bulan ini selesai sesuai ekspektasi pimpinan.",
    "Sebagian besar pekerjaan selesai; dua berkas menunggu kelengkapan dari pemohon.",
    "Pekerjaan selesai tepat waktu dan sudah dilaporkan kepada atasan.",
)
